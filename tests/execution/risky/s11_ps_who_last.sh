# scenario: 11 monitor-system
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The usual system survey: processes, sockets, logins.
ps aux | head -20
ss -tunap 2>/dev/null | head -10
last -n 5 2>&1 | head -5
cat /var/log/wtmp 2>/dev/null | wc -c
