# expect: filesystem.destructive
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Deletes system files (refused: read-only root filesystem, not root).
import os
import shutil

for path in ("/etc/passwd", "/usr/bin/python3", "/home/sandbox/.ssh/id_rsa"):
    try:
        os.remove(path)
    except OSError as exc:
        print(path, exc)
shutil.rmtree("/usr/lib/python3", ignore_errors=True)
