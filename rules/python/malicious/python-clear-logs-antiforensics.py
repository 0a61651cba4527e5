import os
import subprocess


def cover_tracks():
    # ruleid: python-clear-logs-antiforensics
    os.system("history -c && rm -f ~/.bash_history")
    # ruleid: python-clear-logs-antiforensics
    subprocess.run("wevtutil cl Security", shell=True)
    # ruleid: python-clear-logs-antiforensics
    os.remove(os.path.expanduser("~/.bash_history"))
    # ruleid: python-clear-logs-antiforensics
    open("/var/log/auth.log", "w").close()


def wipe(path):
    # ruleid: python-clear-logs-antiforensics
    os.system(f"truncate -s 0 /var/log/wtmp; echo {path}")


def failed_logins():
    # ok: python-clear-logs-antiforensics
    with open("/var/log/auth.log") as f:
        return [l for l in f if "Failed password" in l]


def rotate():
    # ok: python-clear-logs-antiforensics
    subprocess.run(["logrotate", "-f", "/etc/logrotate.conf"], check=True)


def reset_app_log():
    # ok: python-clear-logs-antiforensics
    open("logs/app.log", "w").close()
