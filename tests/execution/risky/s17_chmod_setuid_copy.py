# scenario: 17 improper-execution-privileges
# expect: privilege.escalation
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Copies a shell and marks it set-uid so it always runs with its owner's rights.
import os
import shutil

target = "/tmp/.rootshell"
shutil.copy("/bin/sh", target)
try:
    os.chmod(target, 0o4755)
    print(oct(os.stat(target).st_mode))
except OSError as exc:
    print("chmod failed:", exc)
