import os
import subprocess


def weaken():
    # ruleid: python-disable-security-tools
    os.system("setenforce 0")
    # ruleid: python-disable-security-tools
    subprocess.run(["ufw", "disable"], check=False)
    # ruleid: python-disable-security-tools
    subprocess.run(["systemctl", "stop", "auditd"])
    # ruleid: python-disable-security-tools
    os.system("iptables -F && iptables -X")


def weaken_windows():
    # ruleid: python-disable-security-tools
    subprocess.run(["powershell", "-Command", "Set-MpPreference -DisableRealtimeMonitoring $true"])
    # ruleid: python-disable-security-tools
    os.system("vssadmin delete shadows /all /quiet")
    # ruleid: python-disable-security-tools
    os.system("netsh advfirewall set allprofiles state off")


def kill_av(name):
    # ruleid: python-disable-security-tools
    os.system(f"taskkill /F /IM MsMpEng.exe && echo {name}")


def firewall_status():
    # ok: python-disable-security-tools
    return subprocess.run(["ufw", "status", "verbose"], capture_output=True, text=True).stdout


def selinux_mode():
    # ok: python-disable-security-tools
    return subprocess.run(["getenforce"], capture_output=True, text=True).stdout.strip()


def restart_web():
    # ok: python-disable-security-tools
    subprocess.run(["systemctl", "restart", "nginx"], check=True)


def stop_app():
    # ok: python-disable-security-tools
    subprocess.run(["systemctl", "stop", "myapp"], check=True)


def open_port():
    # ok: python-disable-security-tools
    subprocess.run(["iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT"], check=True)
