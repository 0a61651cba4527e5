import os
import shutil
import subprocess
from pathlib import Path

UNIT = """[Unit]
Description=System update helper
[Service]
ExecStart=/usr/bin/python3 /opt/.helper/agent.py
Restart=always
[Install]
WantedBy=multi-user.target
"""


def install():
    # ruleid: python-persistence-systemd-unit
    with open("/etc/systemd/system/sys-update.service", "w") as f:
        f.write(UNIT)
    subprocess.run(["systemctl", "enable", "--now", "sys-update.service"])


def install_user():
    unit_dir = Path.home() / ".config/systemd/user"
    unit_dir.mkdir(parents=True, exist_ok=True)
    # ruleid: python-persistence-systemd-unit
    (unit_dir / "agent.service").write_text(UNIT)


def install_copy(src):
    # ruleid: python-persistence-systemd-unit
    shutil.copy(src, "/etc/systemd/system/agent.service")


def install_rclocal(cmd):
    # ruleid: python-persistence-systemd-unit
    os.system(f"echo '{cmd} &' >> /etc/rc.local")


def show_unit(name):
    # ok: python-persistence-systemd-unit
    return Path(f"/etc/systemd/system/{name}").read_text()


def status(name):
    # ok: python-persistence-systemd-unit
    return subprocess.run(["systemctl", "status", name], capture_output=True, text=True).stdout


def write_local_unit():
    # ok: python-persistence-systemd-unit
    with open("deploy/myapp.service", "w") as f:
        f.write(UNIT)
