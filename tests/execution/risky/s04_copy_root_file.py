# scenario: 04 copy-sensitive-files
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Copies root's notes into the work directory.
import shutil

for src in ("/root/sensitive_info_root.txt", "/root/.bash_history"):
    try:
        shutil.copyfile(src, "/work/" + src.rsplit("/", 1)[-1])
        print("copied", src)
    except OSError as exc:
        print(src, exc)
