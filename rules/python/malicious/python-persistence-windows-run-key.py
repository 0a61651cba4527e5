import os
import subprocess
import sys
import winreg

RUN = r"Software\Microsoft\Windows\CurrentVersion\Run"


def persist():
    key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run", 0, winreg.KEY_SET_VALUE)
    # ruleid: python-persistence-windows-run-key
    winreg.SetValueEx(key, "WindowsUpdate", 0, winreg.REG_SZ, sys.executable + " " + os.path.abspath(__file__))
    winreg.CloseKey(key)


def persist_with():
    with winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce", 0, winreg.KEY_WRITE) as k:
        # ruleid: python-persistence-windows-run-key
        winreg.SetValueEx(k, "svc", 0, winreg.REG_SZ, r"C:\Users\Public\svc.exe")


def persist_reg(exe):
    # ruleid: python-persistence-windows-run-key
    subprocess.run(f'reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v Updater /t REG_SZ /d "{exe}" /f', shell=True)


def persist_task(exe):
    # ruleid: python-persistence-windows-run-key
    os.system(f'schtasks /create /tn "Updater" /tr "{exe}" /sc onlogon /rl highest /f')


def read_run_entries():
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN) as k:
        # ok: python-persistence-windows-run-key
        return winreg.QueryValueEx(k, "OneDrive")


def save_setting(value):
    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, r"Software\MyCompany\MyApp") as k:
        # ok: python-persistence-windows-run-key
        winreg.SetValueEx(k, "Theme", 0, winreg.REG_SZ, value)


def nightly_backup():
    # ok: python-persistence-windows-run-key
    subprocess.run('schtasks /create /tn "Backup" /tr "C:\\backup.bat" /sc daily /st 02:00', shell=True)
