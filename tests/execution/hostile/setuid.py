# expect: privilege.escalation
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Tries to become root.
import os

for call, arg in ((os.setuid, 0), (os.setgid, 0), (os.seteuid, 0)):
    try:
        call(arg)
    except OSError as exc:
        print(call.__name__, exc)
