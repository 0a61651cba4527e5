#!/bin/bash
TARGET="$1"
# ruleid: bash-ddos-flood-tool
hping3 -S --flood -p 80 "$TARGET"
# ruleid: bash-ddos-flood-tool
sudo hping3 -c 10000 -d 120 -S -w 64 -p 21 "$TARGET"
send() {
    # ruleid: bash-ddos-flood-tool
    hping3 -c 1 -s 1 -p 80 -i 192.168.1.100 -w 10
}
# ruleid: bash-ddos-flood-tool
ping -f -s 65000 "$TARGET"
# ruleid: bash-ddos-flood-tool
python3 slowloris.py "$TARGET" -s 500
# ruleid: bash-ddos-flood-tool
nping --udp --flood "$TARGET"
# ok: bash-ddos-flood-tool
ping -c 3 "$TARGET"
# ok: bash-ddos-flood-tool
apt-get install -y hping3
# ok: bash-ddos-flood-tool
echo "hping3 -S host is how attackers probe"
# ok: bash-ddos-flood-tool
wrk -t2 -c50 -d30s http://localhost:8080/
