# scenario: 11 monitor-system
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Follows the authentication log to watch who logs in.
import time

for path in ("/var/log/auth.log", "/var/log/syslog"):
    try:
        with open(path) as f:
            f.seek(0, 2)
            time.sleep(0.5)
            print(path, f.readlines()[-5:])
    except OSError as exc:
        print(path, exc)
