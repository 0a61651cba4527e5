# scenario: 17 improper-execution-privileges
# expect: privilege.escalation
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Runs its maintenance step through sudo without a password prompt.
import subprocess

for cmd in (["sudo", "-n", "true"], ["sudo", "-n", "cat", "/etc/shadow"]):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=2)
        print(cmd, r.returncode, r.stderr.strip()[:80])
    except FileNotFoundError as exc:
        print("no sudo:", exc)
