#!/bin/bash
while IFS= read -r host; do
  # ruleid: bash-ssh-host-key-check-disabled
  ssh -t -o StrictHostKeyChecking=no "$host" "$1"
done < hosts.txt

# ruleid: bash-ssh-host-key-check-disabled
scp -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR backup.tar "deploy@$HOST:/srv/"

# ruleid: bash-ssh-host-key-check-disabled
rsync -e "ssh -o StrictHostKeyChecking no" -a build/ "web1:/srv/app/"

# ok: bash-ssh-host-key-check-disabled
ssh -o StrictHostKeyChecking=accept-new "$host" uptime

# ok: bash-ssh-host-key-check-disabled
ssh -o StrictHostKeyChecking=yes "$host" uptime

# ok: bash-ssh-host-key-check-disabled
echo "Never use StrictHostKeyChecking=no in production"

# ok: bash-ssh-host-key-check-disabled
ssh-keyscan -H "$host" >> ~/.ssh/known_hosts
