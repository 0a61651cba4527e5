import os
import shlex
import subprocess


def list_directory(dir_path):
    # ruleid: python-param-command-injection
    return subprocess.run(f"ls -l {dir_path}", shell=True, capture_output=True, text=True).stdout


def ping_host(host, count=1):
    # ruleid: python-param-command-injection
    return os.system("ping -c " + str(count) + " " + host) == 0


def archive_folder(folder, name):
    cmd = "tar -czf {}.tar.gz {}".format(name, folder)
    # ruleid: python-param-command-injection
    with os.popen(cmd) as pipe:
        return pipe.read()


def grep_logs(pattern):
    # ruleid: python-param-command-injection
    return subprocess.check_output("grep %s /var/log/app.log" % pattern, shell=True)


def list_directory_safe(dir_path):
    # ok: python-param-command-injection
    return subprocess.run(["ls", "-l", "--", dir_path], capture_output=True, text=True).stdout


def archive_quoted(folder, name):
    cmd = "tar -czf {} {}".format(shlex.quote(name + ".tar.gz"), shlex.quote(folder))
    # ok: python-param-command-injection
    return subprocess.call(cmd, shell=True)


def run_script(command):
    # a helper that runs the command it is handed is a shell by design, not a splice
    # ok: python-param-command-injection
    return subprocess.run(command, shell=True)


def kill_process(pid):
    # ok: python-param-command-injection
    os.system("kill -9 " + str(int(pid)))
