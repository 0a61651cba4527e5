# scenario: 08 delete-sensitive-files
# expect: filesystem.destructive
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Deletes the account database.
import os

try:
    os.remove("/etc/passwd")
except OSError as exc:
    print("remove failed:", exc)
