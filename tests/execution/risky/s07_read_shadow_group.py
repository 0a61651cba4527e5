# scenario: 07 read-sensitive-files
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Tries the password hashes, then the group list.
for path in ("/etc/shadow", "/etc/group"):
    try:
        print(open(path).read()[:500])
    except OSError as exc:
        print(path, exc)
