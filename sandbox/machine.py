"""A plausible developer machine: the home a sample reaches for, with honeytokens in it, and decoy services.

Planted per run in the tmpfs home (the image's system files come from machine_files.sh at build time):
shell rc files and history, ssh config, keys and known hosts, cloud, git, docker and kubernetes credentials,
and browser profiles (Chrome's Login Data and Cookies as real SQLite files, Firefox's logins.json). Every
secret in them is a per-run canary from the job, so reading one is seen in the trace and sending it out is
found in the sink's records.

Decoys: idle processes whose name (comm) and command line both carry a service name, so a `pkill sshd` or a
psutil loop over process names finds one. Each is /bin/sleep exec'd through a link named after the service
(comm is the link's name) with the service's usual command line as argv[0].

Standard library only, like the supervisor.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import time

DECOY_DIR = "/opt/codeeval/decoys"  # links to /bin/sleep made at build time (machine_files.sh)
DECOYS = {
    "sshd": "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
    "dockerd": "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
    "containerd": "/usr/bin/containerd",
    "nginx": "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;",
    "mysqld": "/usr/sbin/mysqld",
    "postgres": "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main",
    "redis-server": "/usr/bin/redis-server 127.0.0.1:6379",
    "cron": "/usr/sbin/cron -f",
}
DEFAULT_DECOYS = tuple(DECOYS)
MAX_DECOYS = 10
FIREFOX_PROFILE = ".mozilla/firefox/x7k2m9qd.default-release"
CHROME_PROFILE = ".config/google-chrome/Default"

BASHRC = """\
# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
HISTFILESIZE=2000
shopt -s checkwinsize
PS1='${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
alias ls='ls --color=auto'
alias ll='ls -alF'
alias gs='git status'
export EDITOR=vim
export PATH="$HOME/.local/bin:$PATH"
[ -f ~/.bash_aliases ] && . ~/.bash_aliases
"""
PROFILE = """\
# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ]; then
    if [ -f "$HOME/.bashrc" ]; then
        . "$HOME/.bashrc"
    fi
fi
if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi
"""
BASH_HISTORY = """\
cd ~/projects/api-server
git pull origin main
python3 -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt
pytest -q
ssh deploy@prod-web-01.internal
docker ps
docker login ghcr.io -u dev-sandbox
kubectl get pods -n production
aws s3 ls s3://acme-backups/
vim ~/.aws/credentials
psql -h db.internal -U admin prod
git commit -am "fix pagination"
git push
"""
SSH_CONFIG = """\
Host prod-web-01
    HostName prod-web-01.internal
    User deploy
    IdentityFile ~/.ssh/id_rsa

Host github.com
    User git
    IdentityFile ~/.ssh/id_rsa

Host bastion
    HostName bastion.acme-corp.com
    User ubuntu
    Port 2222
"""
KNOWN_HOSTS = """\
github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
prod-web-01.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBK3Tx8hE7mX2
bastion.acme-corp.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq8wZ0mZb1yT4n8b0pQ2c3K0vR7sJk1d2e3f4g5h6i7
"""
AWS_CONFIG = "[default]\nregion = us-east-1\noutput = json\n"
GITCONFIG = """\
[user]
\tname = Dev Sandbox
\temail = dev@acme-corp.com
[credential]
\thelper = store
[init]
\tdefaultBranch = main
[pull]
\trebase = false
"""


def plant_home(home: str, work: str, tokens: dict, note) -> None:
    """Write the home files; `tokens` is the job's honeytokens object (files and values). Each file that
    cannot be written is noted, never fatal: the sample still runs."""
    # Random, not derived from the private key: the public half must never carry its canary.
    ssh_pub = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + base64.b64encode(os.urandom(282)).decode() + " dev@workstation\n"
    files: list[tuple[str, object]] = [
        (".bashrc", BASHRC), (".profile", PROFILE), (".bash_history", BASH_HISTORY), (".gitconfig", GITCONFIG),
        (".ssh/config", SSH_CONFIG), (".ssh/known_hosts", KNOWN_HOSTS), (".ssh/id_rsa.pub", ssh_pub),
        (".aws/config", AWS_CONFIG),
    ]
    if tokens.get("ssh_key"):
        files.append((".ssh/id_rsa", tokens["ssh_key"]))
    if tokens.get("aws_secret"):
        files.append((".aws/credentials", tokens["aws_secret"]))
    gh = tokens.get("github_token")
    if gh:
        files.append((".git-credentials", f"https://dev-sandbox:{gh}@github.com\n"))
        auth = base64.b64encode(f"dev-sandbox:{gh}".encode()).decode()
        files.append((".docker/config.json", json.dumps({"auths": {"ghcr.io": {"auth": auth}}}, indent="\t") + "\n"))
    if tokens.get("kube_token"):
        files.append((".kube/config", kube_config(tokens["kube_token"])))
    if tokens.get("browser_password"):
        files.append((f"{CHROME_PROFILE}/Login Data", lambda p: chrome_logins(p, tokens["browser_password"])))
        files.append((f"{FIREFOX_PROFILE}/logins.json", firefox_logins(tokens["browser_password"])))
    if tokens.get("session_cookie"):
        files.append((f"{CHROME_PROFILE}/Cookies", lambda p: chrome_cookies(p, tokens["session_cookie"])))
    for rel, content in files:
        path = os.path.join(home, rel)
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            if callable(content):
                content(path)
                continue
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(content)
        except (OSError, sqlite3.Error) as exc:
            note(f"home file {path} not planted: {exc}")
    if tokens.get("dotenv"):
        try:
            fd = os.open(os.path.join(work, ".env"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(tokens["dotenv"])
        except OSError as exc:
            note(f"honeytoken {work}/.env not planted: {exc}")


def kube_config(token: str) -> str:
    return f"""\
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwK
    server: https://k8s.prod.acme-corp.com:6443
  name: production
contexts:
- context:
    cluster: production
    namespace: default
    user: deploy
  name: production
current-context: production
users:
- name: deploy
  user:
    token: {token}
"""


def firefox_logins(password: str) -> str:
    now = int(time.time() * 1000)
    entry = {
        "id": 1, "hostname": "https://accounts.acme-corp.com", "httpRealm": None,
        "formSubmitURL": "https://accounts.acme-corp.com", "usernameField": "email", "passwordField": "password",
        # Firefox keeps these NSS-encrypted; ours are base64 only, so a stealer that decodes them finds the canary.
        "encryptedUsername": base64.b64encode(b"dev@acme-corp.com").decode(),
        "encryptedPassword": base64.b64encode(password.encode()).decode(),
        "guid": "{3f2c1a9e-8b7d-4c6e-9f1a-2b3c4d5e6f70}", "encType": 1, "timeCreated": now,
        "timeLastUsed": now, "timePasswordChanged": now, "timesUsed": 12,
    }
    return json.dumps({"nextId": 2, "logins": [entry], "potentiallyVulnerablePasswords": [],
                       "dismissedBreachAlertsByLoginGUID": {}, "version": 3})


def chrome_logins(path: str, password: str) -> None:
    """Chrome's Login Data schema (the columns stealers select). Chrome on Linux prefixes v10/v11 and
    encrypts; the value here is the plain canary so any copy of the blob carries it."""
    db = sqlite3.connect(path)
    try:
        db.executescript("""
            CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
            CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR, username_element VARCHAR,
                username_value VARCHAR, password_element VARCHAR, password_value BLOB, submit_element VARCHAR,
                signon_realm VARCHAR NOT NULL, date_created INTEGER NOT NULL, blacklisted_by_user INTEGER NOT NULL,
                scheme INTEGER NOT NULL, times_used INTEGER, date_last_used INTEGER NOT NULL DEFAULT 0,
                id INTEGER PRIMARY KEY AUTOINCREMENT);
        """)
        db.execute("INSERT INTO meta VALUES ('version', '35')")
        db.execute(
            "INSERT INTO logins (origin_url, action_url, username_element, username_value, password_element,"
            " password_value, submit_element, signon_realm, date_created, blacklisted_by_user, scheme, times_used,"
            " date_last_used) VALUES (?, ?, 'email', ?, 'password', ?, '', ?, 13350000000000000, 0, 0, 7,"
            " 13350000000000000)",
            ("https://accounts.acme-corp.com/login", "https://accounts.acme-corp.com/session", "dev@acme-corp.com",
             password.encode(), "https://accounts.acme-corp.com/"),
        )
        db.commit()
    finally:
        db.close()
    os.chmod(path, 0o600)


def chrome_cookies(path: str, value: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript("""
            CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
            CREATE TABLE cookies(creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL, top_frame_site_key TEXT
                NOT NULL DEFAULT '', name TEXT NOT NULL, value TEXT NOT NULL, encrypted_value BLOB NOT NULL DEFAULT '',
                path TEXT NOT NULL, expires_utc INTEGER NOT NULL, is_secure INTEGER NOT NULL, is_httponly INTEGER
                NOT NULL, last_access_utc INTEGER NOT NULL, has_expires INTEGER NOT NULL DEFAULT 1, is_persistent
                INTEGER NOT NULL DEFAULT 1, priority INTEGER NOT NULL DEFAULT 1, samesite INTEGER NOT NULL DEFAULT -1,
                source_scheme INTEGER NOT NULL DEFAULT 0, source_port INTEGER NOT NULL DEFAULT -1);
        """)
        db.execute("INSERT INTO meta VALUES ('version', '21')")
        for host, name, val in ((".github.com", "user_session", value), (".acme-corp.com", "sessionid", value),
                                (".google.com", "NID", "511=" + value[:16])):
            db.execute("INSERT INTO cookies (creation_utc, host_key, name, value, encrypted_value, path, expires_utc,"
                       " is_secure, is_httponly, last_access_utc) VALUES (13350000000000000, ?, ?, ?, ?, '/',"
                       " 13400000000000000, 1, 1, 13350000000000000)", (host, name, val, val.encode()))
        db.commit()
    finally:
        db.close()
    os.chmod(path, 0o600)


def start_decoys(names, private_dir: str) -> list[dict]:
    """Spawn one decoy per name. Returns [{pid, name, cmdline}]. posix_spawn (vfork underneath) costs a
    third of the CPU of forking this process for each; only stdio is inheritable here, and it is replaced."""
    out = []
    for name in list(names)[:MAX_DECOYS]:
        name = os.path.basename(str(name))[:15] or "daemon"
        link = os.path.join(DECOY_DIR, name)
        if not os.path.exists(link):  # a name the image has no link for: make one in our private dir
            link = os.path.join(private_dir, "decoys", name)
            try:
                os.makedirs(os.path.dirname(link), exist_ok=True)
                if not os.path.islink(link):
                    os.symlink("/bin/sleep", link)
            except OSError:
                continue
        argv0 = DECOYS.get(name, f"/usr/sbin/{name}")
        try:
            pid = os.posix_spawn(link, [argv0, "infinity"], {}, setsid=True, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDWR, 0),
                (os.POSIX_SPAWN_DUP2, 0, 1),
                (os.POSIX_SPAWN_DUP2, 0, 2),
            ])
        except OSError:
            continue
        out.append({"pid": pid, "name": name, "cmdline": f"{argv0} infinity"})
    return out
