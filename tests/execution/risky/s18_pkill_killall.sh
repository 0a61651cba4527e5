# scenario: 18 process-management
# expect: process.tamper
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Stops services by name.
pkill -9 sshd; killall dockerd 2>&1; pkill -f nginx
echo "done"
