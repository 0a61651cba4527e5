import os
import shutil
import subprocess
import sys

from flask import request


def run_script(script_name, arg):
    # ruleid: python-exec-spawn-shell-injection
    os.execl("/bin/sh", "sh", "-c", f"./scripts/{script_name} {arg}")


def spawn_job(user_cmd):
    # ruleid: python-exec-spawn-shell-injection
    os.spawnl(os.P_WAIT, "/bin/bash", "bash", "-c", "nice -n 10 " + user_cmd)


def exec_list(host):
    # ruleid: python-exec-spawn-shell-injection
    os.execv("/bin/sh", ["sh", "-c", "ping -c 3 %s" % host])


def subprocess_sh(path):
    # ruleid: python-exec-spawn-shell-injection
    subprocess.run(["bash", "-c", "cat {} | wc -l".format(path)], check=True)


def popen_sh():
    # ruleid: python-exec-spawn-shell-injection
    subprocess.Popen(["/bin/sh", "-c", request.args["cmd"]])


def exec_built_program(tool):
    # ruleid: python-exec-spawn-shell-injection
    os.execvp("/opt/tools/" + tool, ["tool"])


def main():
    # ruleid: python-exec-spawn-shell-injection
    os.execlp("sh", "sh", "-c", sys.argv[1])


def safe_examples(path, host):
    # ok: python-exec-spawn-shell-injection
    os.execv("/usr/bin/ping", ["ping", "-c", "3", host])
    # ok: python-exec-spawn-shell-injection
    os.execlp("ls", "ls", "-la", path)
    # ok: python-exec-spawn-shell-injection
    subprocess.run(["sh", "-c", "echo started && date"])
    # ok: python-exec-spawn-shell-injection
    os.spawnlp(os.P_WAIT, "cp", "cp", path, "/tmp/copy")
    # ok: python-exec-spawn-shell-injection
    subprocess.run(["grep", "-c", f"{host}", path])
    # ok: python-exec-spawn-shell-injection
    os.execv(sys.executable, [sys.executable] + sys.argv)
    # ok: python-exec-spawn-shell-injection
    os.execv(shutil.which("git"), ["git", "status"])
