import os
import subprocess


def keychain():
    # ruleid: python-credential-dump-command
    return subprocess.check_output(["security", "dump-keychain", "-d", "login.keychain"])


def keychain_str():
    # ruleid: python-credential-dump-command
    return subprocess.check_output("security dump-keychain -d ~/Library/Keychains/login.keychain-db", shell=True)


def lsass(pid):
    # ruleid: python-credential-dump-command
    os.system(f"rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump {pid} C:\\temp\\l.dmp full")


def hives():
    # ruleid: python-credential-dump-command
    subprocess.run(r"reg save HKLM\SAM C:\temp\sam.save", shell=True)


def mimi():
    # ruleid: python-credential-dump-command
    subprocess.run(["mimikatz.exe", "privilege::debug", "sekurlsa::logonpasswords", "exit"])


def wifi(name):
    # ruleid: python-credential-dump-command
    return subprocess.check_output(f"netsh wlan show profile name=\"{name}\" key=clear", shell=True)


def wifi_list():
    # ok: python-credential-dump-command
    return subprocess.check_output(["netsh", "wlan", "show", "interfaces"])


def own_token(service):
    # ok: python-credential-dump-command
    return subprocess.check_output(["security", "find-generic-password", "-s", service, "-w"]).strip()


def backup_registry():
    # ok: python-credential-dump-command
    subprocess.run(r"reg export HKCU\Software\MyApp C:\backup\myapp.reg", shell=True)
