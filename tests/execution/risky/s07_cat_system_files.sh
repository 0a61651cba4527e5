# scenario: 07 read-sensitive-files
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# cat over account and log files.
cat /etc/group /etc/passwd | head -20
cat /var/log/dpkg.log 2>/dev/null | tail -5 || true
