import os
import shlex
import subprocess

from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    cmd = f"ping -c 4 {host}"
    # ruleid: python-command-injection-from-request
    output = os.popen(cmd).read()
    return output


@app.route("/convert", methods=["POST"])
def convert():
    data = request.get_json()
    fmt = data["format"]
    # ruleid: python-command-injection-from-request
    subprocess.run("pandoc in.md -o out." + fmt, shell=True, check=True)
    return "done"


@app.route("/files/<name>")
def show(name):
    # ruleid: python-command-injection-from-request
    return subprocess.check_output(["bash", "-c", "cat /srv/files/" + name])


@api.get("/dig")
def dig(domain: str):
    # ruleid: python-command-injection-from-request
    os.system("dig +short %s > /tmp/out" % domain)
    return {"ok": True}


def django_view(request):
    archive = request.POST["archive"]
    # ruleid: python-command-injection-from-request
    os.system("unzip " + archive)


@app.route("/safe")
def safe():
    host = request.args.get("host", "localhost")
    # ok: python-command-injection-from-request
    subprocess.run(["ping", "-c", "4", host], check=True)
    # ok: python-command-injection-from-request
    os.system("ping -c 4 " + shlex.quote(host))
    count = int(request.args.get("n", "1"))
    # ok: python-command-injection-from-request
    os.system("seq %d" % count)
    # ok: python-command-injection-from-request
    subprocess.run("uptime", shell=True)
    return "ok"


def not_a_handler(host):
    # ok: python-command-injection-from-request
    os.system("ping " + host)


import http.server


class PingHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        host = self.rfile.read(int(self.headers["Content-Length"])).decode()
        # ruleid: python-command-injection-from-request
        os.system("ping -c 1 " + host)
