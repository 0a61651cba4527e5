#!/bin/bash
# ruleid: bash-chmod-world-writable
chmod 777 /var/www/html/uploads
# ruleid: bash-chmod-world-writable
chmod -R 777 "$APP_DIR"
# ruleid: bash-chmod-world-writable
sudo chmod 0666 /var/run/docker.sock
# ruleid: bash-chmod-world-writable
chmod o+w deploy.sh
# ruleid: bash-chmod-world-writable
chmod -R a+rwx /opt/shared
# ruleid: bash-chmod-world-writable
chmod ugo=rwx /usr/local/bin/backup.sh
# ruleid: bash-chmod-world-writable
chmod 2777 /srv/team

# ok: bash-chmod-world-writable
chmod 755 /usr/local/bin/backup.sh
# ok: bash-chmod-world-writable
chmod 644 /etc/myapp/config.yml
# ok: bash-chmod-world-writable
chmod 600 ~/.ssh/id_ed25519
# ok: bash-chmod-world-writable
chmod +x install.sh
# ok: bash-chmod-world-writable
chmod u+w,go-w notes.txt
# ok: bash-chmod-world-writable
chmod 1777 /tmp/shared-scratch
# ok: bash-chmod-world-writable
chmod -R 750 /opt/app
# ok: bash-chmod-world-writable
chmod go-rwx secrets.env
