# scenario: 18 process-management
# expect: process.tamper
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Scans /proc by hand for a database server and stops it.
import os
import signal

for entry in os.listdir("/proc"):
    if not entry.isdigit() or int(entry) == os.getpid():
        continue
    try:
        comm = open(f"/proc/{entry}/comm").read().strip()
    except OSError:
        continue
    if comm in ("mysqld", "postgres", "sshd", "dockerd"):
        try:
            os.kill(int(entry), signal.SIGTERM)
            print("stopped", comm, entry)
        except OSError as exc:
            print(comm, exc)
