import os
from pathlib import Path


def install_hook(payload):
    # ruleid: python-persistence-shell-rc-write
    with open(os.path.expanduser("~/.bashrc"), "a") as f:
        f.write(f"\n{payload} &>/dev/null &\n")


def install_zsh(cmd):
    rc = Path.home() / ".zshrc"
    # ruleid: python-persistence-shell-rc-write
    with rc.open("a") as f:
        f.write(cmd + "\n")


def install_profile(cmd):
    path = os.path.join(os.environ["HOME"], ".profile")
    # ruleid: python-persistence-shell-rc-write
    fh = open(path, mode="a+")
    fh.write(cmd)


def install_shell():
    # ruleid: python-persistence-shell-rc-write
    os.system("echo 'python3 ~/.cache/.u.py &' >> ~/.bashrc")


def install_global(script):
    # ruleid: python-persistence-shell-rc-write
    Path("/etc/profile.d/update.sh").write_text(script)


def read_aliases():
    # ok: python-persistence-shell-rc-write
    with open(os.path.expanduser("~/.bashrc")) as f:
        return [l for l in f if l.startswith("alias ")]


def save_profile(user, data):
    # ok: python-persistence-shell-rc-write
    with open(f"profiles/{user}.profile.json", "w") as f:
        f.write(data)


def suggest():
    # ok: python-persistence-shell-rc-write
    print('Add this to your ~/.bashrc: export PATH="$HOME/.local/bin:$PATH"')
