import os
import plistlib
import shutil
from pathlib import Path

DESKTOP = "[Desktop Entry]\nType=Application\nExec=/home/u/.local/share/.agent\nHidden=true\n"


def xdg():
    path = os.path.expanduser("~/.config/autostart/agent.desktop")
    # ruleid: python-persistence-autostart-entry
    with open(path, "w") as f:
        f.write(DESKTOP)


def mac(label, program):
    plist = {"Label": label, "ProgramArguments": [program], "RunAtLoad": True}
    # ruleid: python-persistence-autostart-entry
    with open(os.path.expanduser(f"~/Library/LaunchAgents/{label}.plist"), "wb") as f:
        plistlib.dump(plist, f)
    # ruleid: python-persistence-autostart-entry
    os.system(f"launchctl load ~/Library/LaunchAgents/{label}.plist")


def windows(exe):
    startup = os.path.join(os.environ["APPDATA"], r"Microsoft\Windows\Start Menu\Programs\Startup")
    # ruleid: python-persistence-autostart-entry
    shutil.copy(exe, startup)


def read_entries():
    # ok: python-persistence-autostart-entry
    return os.listdir(os.path.expanduser("~/.config/autostart"))


def app_config(data):
    # ok: python-persistence-autostart-entry
    with open(os.path.expanduser("~/.config/myapp/settings.json"), "w") as f:
        f.write(data)


def save_plist(d):
    # ok: python-persistence-autostart-entry
    with open("Info.plist", "wb") as f:
        plistlib.dump(d, f)
