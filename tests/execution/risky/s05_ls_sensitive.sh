# scenario: 05 list-files-under-sensitive-directories
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# ls over the places where secrets and logs live.
ls -la /root /etc/ssl/private /var/log 2>&1 | head -40
