# scenario: 07 read-sensitive-files
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Reads the server's SSH host key and root's notes.
for path in ("/etc/ssh/ssh_host_rsa_key", "/root/sensitive_info_root.txt"):
    try:
        print(open(path).read()[:200])
    except OSError as exc:
        print(path, exc)
