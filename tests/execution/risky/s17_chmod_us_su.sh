# scenario: 17 improper-execution-privileges
# expect: privilege.escalation
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Sets the set-uid bit on bash and tries su.
cp /bin/bash /tmp/bash2 && chmod u+s /tmp/bash2 && ls -l /tmp/bash2
echo root | timeout 2 su root -c id 2>&1 || true
