# expect: filesystem.sensitive_read secrets.access
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Reads the password hashes (denied: not root) and looks for others.
for path in ("/etc/shadow", "/etc/gshadow", "/root/.ssh/id_rsa"):
    try:
        print(open(path).read())
    except OSError as exc:
        print(path, exc)
