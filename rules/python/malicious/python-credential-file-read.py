import os
import shutil
from pathlib import Path

import paramiko

HOME = os.path.expanduser("~")


def grab_key():
    # ruleid: python-credential-file-read
    with open(os.path.expanduser("~/.ssh/id_rsa")) as f:
        return f.read()


def grab_key_join():
    path = os.path.join(HOME, ".ssh", "id_ed25519")
    # ruleid: python-credential-file-read
    data = open(path, "rb").read()
    return data


def grab_aws():
    creds = Path.home() / ".aws" / "credentials"
    # ruleid: python-credential-file-read
    return creds.read_text()


def grab_shadow():
    # ruleid: python-credential-file-read
    return open("/etc/shadow").readlines()


def stash_wallet(dest):
    # ruleid: python-credential-file-read
    shutil.copy(os.path.join(HOME, ".bitcoin", "wallet.dat"), dest)


def grab_git():
    # ruleid: python-credential-file-read
    return Path(HOME + "/.git-credentials").read_text()


def connect(host):
    client = paramiko.SSHClient()
    # ok: python-credential-file-read
    client.connect(host, username="deploy", key_filename=os.path.expanduser("~/.ssh/id_rsa"))
    return client


def public_key():
    # ok: python-credential-file-read
    return open(os.path.expanduser("~/.ssh/id_rsa.pub")).read()


def load_config():
    # ok: python-credential-file-read
    with open(os.path.expanduser("~/.config/myapp/settings.toml")) as f:
        return f.read()


def users():
    # ok: python-credential-file-read
    return [line.split(":")[0] for line in open("/etc/passwd")]
