#!/bin/bash
# ruleid: bash-disable-security-tools
setenforce 0
# ruleid: bash-disable-security-tools
sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/selinux/config
# ruleid: bash-disable-security-tools
sudo ufw --force disable
# ruleid: bash-disable-security-tools
systemctl stop firewalld
# ruleid: bash-disable-security-tools
systemctl disable --now auditd.service
# ruleid: bash-disable-security-tools
service apparmor stop
# ruleid: bash-disable-security-tools
auditctl -e 0
# ruleid: bash-disable-security-tools
iptables -F
# ruleid: bash-disable-security-tools
iptables -P INPUT ACCEPT
# ruleid: bash-disable-security-tools
pkill -9 falcon-sensor
# ruleid: bash-disable-security-tools
sudo systemctl stop clamav
# ruleid: bash-disable-security-tools
sudo systemctl disable clamav-daemon.service
# ruleid: bash-disable-security-tools
systemctl stop mdatp
# ruleid: bash-disable-security-tools
service sophos-spl stop
# ruleid: bash-disable-security-tools
killall wdavdaemon
# ok: bash-disable-security-tools
sudo systemctl restart clamav-daemon
# ok: bash-disable-security-tools
sudo systemctl enable --now clamav-freshclam
# ruleid: bash-disable-security-tools
history -c && rm -f ~/.bash_history
# ruleid: bash-disable-security-tools
unset HISTFILE

# ok: bash-disable-security-tools
getenforce
# ok: bash-disable-security-tools
sudo ufw allow 443/tcp
# ok: bash-disable-security-tools
sudo ufw enable
# ok: bash-disable-security-tools
systemctl restart nginx
# ok: bash-disable-security-tools
systemctl status auditd
# ok: bash-disable-security-tools
service auditd status
# ok: bash-disable-security-tools
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
# ok: bash-disable-security-tools
iptables -L -n
# ok: bash-disable-security-tools
firewall-cmd --permanent --add-service=https
# ok: bash-disable-security-tools
echo "SELinux: run setenforce 0 only for debugging"
# ruleid: bash-disable-security-tools
sc config WinDefend start= disabled
# ruleid: bash-disable-security-tools
sc stop 'Windows Defender'
# ruleid: bash-disable-security-tools
powershell -Command "Set-MpPreference -DisableRealtimeMonitoring $true"
# ruleid: bash-disable-security-tools
vssadmin delete shadows /all /quiet
# ruleid: bash-disable-security-tools
wevtutil cl Security
# ruleid: bash-disable-security-tools
sc eventlog clear all
# ruleid: bash-disable-security-tools
rm -f /var/log/auth.log /var/log/wtmp
# ok: bash-disable-security-tools
sc query WinDefend
# ok: bash-disable-security-tools
wevtutil qe Security /c:10
# ok: bash-disable-security-tools
tail -n 50 /var/log/auth.log
# ruleid: bash-disable-security-tools
sudo sed -i '/203.0.113.9/d' /var/log/auth.log
# ruleid: bash-disable-security-tools
sed -i "/$IP/d" /var/log/nginx/access.log
# ruleid: bash-disable-security-tools
sudo touch -r /etc/hostname /var/log/wtmp
# ok: bash-disable-security-tools
sed -i 's/debug/info/' /etc/app/config.ini
# ok: bash-disable-security-tools
grep -c "Failed password" /var/log/auth.log
