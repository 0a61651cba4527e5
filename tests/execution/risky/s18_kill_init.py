# scenario: 18 process-management
# expect: process.tamper
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Sends a terminate signal to pid 1.
import os
import signal

try:
    os.kill(1, signal.SIGTERM)
    print("signalled init")
except OSError as exc:
    print("kill failed:", exc)
