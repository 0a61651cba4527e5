# scenario: 07 read-sensitive-files
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Prints the account list.
with open("/etc/passwd") as f:
    print(f.read())
