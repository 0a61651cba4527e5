# scenario: 08 delete-sensitive-files
# expect: filesystem.destructive
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Covers tracks: removes the system logs and shell history.
rm -f /var/log/*.log /var/log/syslog /var/log/auth.log 2>&1 | head -5
rm -f ~/.bash_history
echo "cleaned"
