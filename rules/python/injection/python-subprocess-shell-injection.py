import asyncio
import shlex
import subprocess
import sys
from subprocess import Popen, check_output

from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    domain = request.args["domain"]
    # ruleid: python-subprocess-shell-injection
    out = subprocess.check_output(f"nslookup {domain}", shell=True)
    return out


def compress(filename):
    cmd = "gzip -9 " + filename
    # ruleid: python-subprocess-shell-injection
    subprocess.run(cmd, shell=True, check=True)


def grep(pattern, path):
    # ruleid: python-subprocess-shell-injection
    proc = Popen("grep -r '%s' %s" % (pattern, path), shell=True, stdout=subprocess.PIPE)
    return proc.communicate()[0]


def count_lines(path):
    # ruleid: python-subprocess-shell-injection
    return check_output("wc -l {}".format(path), shell=True, text=True)


def run_user_command():
    # ruleid: python-subprocess-shell-injection
    subprocess.call(sys.argv[1], shell=True)


def run_kw(cmd):
    # ruleid: python-subprocess-shell-injection
    subprocess.run(args=cmd, shell=True, capture_output=True)


async def async_ping(host):
    # ruleid: python-subprocess-shell-injection
    proc = await asyncio.create_subprocess_shell("ping -c 1 " + host)
    await proc.wait()


def safe_examples(filename, host):
    # ok: python-subprocess-shell-injection
    subprocess.run("ls -la /tmp | wc -l", shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.run(["gzip", "-9", filename], check=True)
    # ok: python-subprocess-shell-injection
    subprocess.run(["ping", "-c", "1", host], shell=False)
    # ok: python-subprocess-shell-injection
    subprocess.check_output("gzip -9 " + filename, shell=False)
    # ok: python-subprocess-shell-injection
    subprocess.run(f"gzip -9 {shlex.quote(filename)}", shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.run(shlex.join(["gzip", "-9", filename]), shell=True)
    # ok: python-subprocess-shell-injection
    subprocess.Popen(["tail", "-f", filename])


def run_command(cmd, shell=False, **kwargs):
    # the caller decides whether a shell runs: not an injection in the wrapper itself
    # ok: python-subprocess-shell-injection
    return subprocess.run(cmd, shell=shell, **kwargs)


def run_with_flag(cmd):
    use_shell = True
    # ruleid: python-subprocess-shell-injection
    return subprocess.call(cmd, shell=use_shell)
