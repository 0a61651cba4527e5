# scenario: 05 list-files-under-sensitive-directories
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Walks pid 1's entries in /proc.
import os

for name in ("fd", "cwd", "root"):
    path = os.path.join("/proc/1", name)
    try:
        print(path, os.listdir(path)[:10])
    except OSError as exc:
        print(path, exc)
