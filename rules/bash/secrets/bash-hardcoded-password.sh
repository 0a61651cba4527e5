#!/bin/bash
# ruleid: bash-hardcoded-password
sshpass -p 'Winter2024!' ssh -o StrictHostKeyChecking=no admin@10.0.0.12 uptime
# ruleid: bash-hardcoded-password
mysql -u root -pS3cretPass shop < schema.sql
# ruleid: bash-hardcoded-password
mysqldump --user=backup --password=backup123 --all-databases > all.sql
# ruleid: bash-hardcoded-password
PGPASSWORD=postgres psql -h localhost -U postgres -c 'select 1'
# ruleid: bash-hardcoded-password
echo "hunter2" | sudo -S apt-get update
# ruleid: bash-hardcoded-password
redis-cli -h cache.internal -a myredispass PING
# ruleid: bash-hardcoded-password
curl -u admin:admin123 http://jenkins.local/api/json
# ruleid: bash-hardcoded-password
wget --user=deploy --password=d3pl0y https://repo.example.com/artifact.zip

# ok: bash-hardcoded-password
sshpass -e ssh admin@10.0.0.12 uptime
# ok: bash-hardcoded-password
sshpass -p "$SSH_PASS" ssh admin@10.0.0.12 uptime
# ok: bash-hardcoded-password
mysql -u root -p shop < schema.sql
# ok: bash-hardcoded-password
mysql -u root -p"$DB_PASSWORD" shop < schema.sql
# ok: bash-hardcoded-password
mysqldump --defaults-extra-file=/etc/mysql/backup.cnf --all-databases > all.sql
# ok: bash-hardcoded-password
PGPASSWORD="$PG_PASS" psql -h localhost -U app -c 'select 1'
# ok: bash-hardcoded-password
curl -u "$JENKINS_USER:$JENKINS_TOKEN" http://jenkins.local/api/json
# ok: bash-hardcoded-password
curl --netrc-file ~/.netrc https://repo.example.com/artifact.zip
# ok: bash-hardcoded-password
sudo -S apt-get update <<< "$SUDO_PASS"
# ok: bash-hardcoded-password
mysql -h db -P 3306 -u app --password="$APP_DB_PASS" app
