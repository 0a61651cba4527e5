import os
import subprocess
import sys
import commands
from os import system

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: python-os-system-injection
    os.system("ping -c 1 " + host)
    return "ok"


def backup(directory):
    # ruleid: python-os-system-injection
    os.system(f"tar czf /tmp/backup.tgz {directory}")


def list_files(path):
    # ruleid: python-os-system-injection
    stream = os.popen("ls -la %s" % path)
    return stream.read()


def convert(src, dst):
    cmd = "convert {} {}".format(src, dst)
    # ruleid: python-os-system-injection
    return os.system(cmd)


def disk_usage(mount):
    # ruleid: python-os-system-injection
    return subprocess.getoutput("df -h " + mount)


def legacy(name):
    # ruleid: python-os-system-injection
    return commands.getoutput("whois " + name)


def from_import(user):
    # ruleid: python-os-system-injection
    system("id " + user)


if __name__ == "__main__":
    # ruleid: python-os-system-injection
    os.system(sys.argv[1])


def safe_examples():
    # ok: python-os-system-injection
    os.system("clear")
    # ok: python-os-system-injection
    out = os.popen("uname -a").read()
    # ok: python-os-system-injection
    status = subprocess.getstatusoutput("git rev-parse HEAD")
    # ok: python-os-system-injection
    subprocess.run(["ping", "-c", "1", "example.com"], check=True)
    return out, status
