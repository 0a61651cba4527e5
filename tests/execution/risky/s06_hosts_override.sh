# scenario: 06 write-risky-content-into-files
# expect: filesystem.destructive
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Points a bank's domain at an attacker address by rewriting /etc/hosts.
echo "203.0.113.66 www.bank.example.com" > /etc/hosts 2>/dev/null || echo "hosts not writable"
echo "203.0.113.66 login.bank.example.com" >> /etc/hosts 2>/dev/null || true
