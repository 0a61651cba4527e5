# scenario: 05 list-files-under-sensitive-directories
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Lists the contents of system directories.
import os

for d in ("/etc/ssh", "/root", "/var/log"):
    try:
        print(d, sorted(os.listdir(d)))
    except OSError as exc:
        print(d, exc)
