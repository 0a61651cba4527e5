# scenario: 18 process-management
# expect: process.tamper
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Finds the daemon's pid with pgrep and kills it.
import os
import signal
import subprocess

for name in ("sshd", "dockerd", "cron"):
    out = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout.split()
    for pid in out:
        try:
            os.kill(int(pid), signal.SIGKILL)
            print("killed", name, pid)
        except OSError as exc:
            print(name, pid, exc)
