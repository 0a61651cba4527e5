# scenario: 13 sensitive-path-traversal
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Reaches the password hashes through a path that only normalises to /etc/shadow.
for path in ("/usr/../etc/shadow", "/var/www/../../etc//shadow", "/usr/../etc/passwd"):
    try:
        print(path, open(path).read()[:100])
    except OSError as exc:
        print(path, exc)
