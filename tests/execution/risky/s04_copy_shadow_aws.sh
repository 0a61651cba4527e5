# scenario: 04 copy-sensitive-files
# expect: secrets.access filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Backs up the password hashes and the cloud credentials to /tmp.
cp /etc/shadow /tmp/shadow.bak 2>/dev/null || echo "shadow not readable"
cp -r ~/.aws /tmp/aws-backup && ls /tmp/aws-backup
