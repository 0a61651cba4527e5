import os
import subprocess


def add_job(script):
    # ruleid: python-persistence-crontab
    os.system(f'(crontab -l 2>/dev/null; echo "*/5 * * * * python3 {script}") | crontab -')


def add_job_input(line):
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout
    # ruleid: python-persistence-crontab
    subprocess.run(["crontab", "-"], input=current + line + "\n", text=True, check=True)


def add_system_job(cmd):
    # ruleid: python-persistence-crontab
    with open("/etc/cron.d/sysupdate", "w") as f:
        f.write(f"* * * * * root {cmd}\n")


def add_etc():
    # ruleid: python-persistence-crontab
    os.system("echo '@reboot root /tmp/.x/agent' >> /etc/crontab")


def list_jobs():
    # ok: python-persistence-crontab
    return subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout.splitlines()


def read_system_jobs():
    # ok: python-persistence-crontab
    with open("/etc/crontab") as f:
        return f.read()


def parse(expr):
    # ok: python-persistence-crontab
    minute, hour, dom, month, dow = "*/5 * * * *".split()
    return minute
