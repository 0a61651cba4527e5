# scenario: 17 improper-execution-privileges
# expect: privilege.escalation
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Tries to become root before doing its work.
import os

try:
    os.setuid(0)
    print("now root")
except PermissionError as exc:
    print("setuid failed:", exc)
