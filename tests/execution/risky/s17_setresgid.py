# scenario: 17 improper-execution-privileges
# expect: privilege.escalation
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Asks for root's group and user ids in one go.
import os

for call, args in ((os.setresgid, (0, 0, 0)), (os.setresuid, (0, 0, 0)), (os.setgid, (0,))):
    try:
        call(*args)
        print(call.__name__, "ok")
    except PermissionError as exc:
        print(call.__name__, exc)
