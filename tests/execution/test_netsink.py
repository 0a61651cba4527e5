"""sandbox/netsink.py on the host, without Docker: the sink's services in loopback mode (the container's
redirect mode is covered by test_fake_internet.py), the download payload, and the protocol parsers."""

from __future__ import annotations

import base64
import json
import smtplib
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
sys.path.insert(0, str(SANDBOX))
import netsink


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sink():
    """A FakeInternet on free loopback ports (legacy mode); yields (result, ports by role)."""
    ports = {"http": free_port(), "smtp": free_port(), "shell": free_port()}
    socks = netsink.bind_sockets(list(ports.values()), dns_port=0)
    assert not socks["errors"]
    result: dict = {}
    net = netsink.FakeInternet(socks, result, threading.Lock(), redirect=False)
    net.start()
    try:
        yield result, ports, net
    finally:
        net.stop()


@pytest.mark.parametrize("interpreter", ["sh", "bash", sys.executable])
def test_the_download_payload_runs_as_shell_and_python_and_prints_its_mark(interpreter, tmp_path):
    script = tmp_path / "stage2"
    script.write_bytes(netsink.PAYLOAD)
    out = subprocess.run([interpreter, str(script)], capture_output=True, text=True, timeout=10, check=False)
    assert (out.returncode, out.stdout) == (0, netsink.PAYLOAD_MARK + "\n"), out.stderr
    assert b"codeeval-sink" in netsink.PAYLOAD  # what the classifier recognises in exec'd code


def test_http_answers_programs_pages_and_apis_by_path_and_accept():
    assert netsink.http_answer("GET", "/stage2.py", {})[2] == netsink.PAYLOAD
    assert netsink.http_answer("GET", "/dl/agent.exe?x=1", {})[2] == netsink.PAYLOAD
    assert netsink.http_answer("GET", "/install.sh", {})[2] == netsink.PAYLOAD
    assert netsink.http_answer("GET", "/api/v1/users", {})[1] == "application/json"
    assert netsink.http_answer("GET", "/status", {"accept": "application/json"})[1] == "application/json"
    assert netsink.http_answer("GET", "/repos/a/b", {"host": "api.github.com"})[1] == "application/json"
    assert netsink.http_answer("GET", "/v2/items", {})[1] == "application/json"
    assert netsink.http_answer("GET", "/index.html", {})[1].startswith("text/html")
    assert netsink.http_answer("POST", "/upload.py", {})[2] != netsink.PAYLOAD  # only downloads get a program


def test_client_hello_server_name_is_read():
    ctx = ssl.create_default_context()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname="c2.evil.example")
    with pytest.raises(ssl.SSLWantReadError):
        obj.do_handshake()
    assert netsink.client_hello_sni(outgoing.read()) == "c2.evil.example"
    assert netsink.client_hello_sni(b"GET / HTTP/1.1\r\n") is None
    assert netsink.client_hello_sni(b"\x16\x03") is None


def test_dns_query_is_parsed_and_answered_with_a_fake_address_per_name():
    packet = bytes.fromhex("abcd01000001000000000000") + b"\x03c2a\x07example\x03com\x00\x00\x01\x00\x01"
    qid, qname, qtype, _ = netsink.parse_dns_query(packet)
    assert (qid, qname, qtype) == (0xABCD, "c2a.example.com", 1)
    net = netsink.FakeInternet({"tcp": []}, {}, threading.Lock(), redirect=True)
    a, b = net.fake_address("c2a.example.com"), net.fake_address("other.example.com")
    assert a.startswith("198.18.") and a != b and net.fake_address("C2A.example.com.") == a
    assert net.host_of(a) == "c2a.example.com" and net.fake_address("localhost") == "127.0.0.1"


def test_http_request_is_answered_and_recorded_with_method_path_and_host(sink):
    result, ports, net = sink
    body = urllib.request.urlopen(f"http://127.0.0.1:{ports['http']}/stage2.py", timeout=5).read()
    assert body == netsink.PAYLOAD
    req = urllib.request.Request(f"http://127.0.0.1:{ports['http']}/api/upload", data=b"k=v" * 10,
                                 headers={"Host": "collector.example.net"})
    assert json.loads(urllib.request.urlopen(req, timeout=5).read())["status"] == "ok"
    net.stop()
    first, second = sorted(result["sink"], key=lambda r: r.get("method", ""))
    assert (first["method"], first["path"], first["proto"]) == ("GET", "/stage2.py", "http")
    assert (second["method"], second["path"], second["host"]) == ("POST", "/api/upload", "collector.example.net")
    assert base64.b64decode(second["payload_b64"]).endswith(b"k=v" * 10)


def test_smtp_mail_is_accepted_and_sender_recipients_and_body_recorded(sink):
    result, ports, net = sink
    # smtplib's default is the well-known port; the role decides here, not the number.
    netsink.SMTP_PORTS.add(ports["smtp"])
    try:
        with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=5) as s:
            s.sendmail("a@example.com", ["b@example.org", "c@example.org"], "Subject: x\r\n\r\nsecret-body\r\n")
    finally:
        netsink.SMTP_PORTS.discard(ports["smtp"])
    net.stop()
    (rec,) = result["sink"]
    assert rec["smtp"]["from"] == "<a@example.com>" and rec["smtp"]["to"] == ["<b@example.org>", "<c@example.org>"]
    assert b"secret-body" in base64.b64decode(rec["payload_b64"])


def test_a_client_that_waits_gets_a_command_and_its_answer_is_kept(sink):
    result, ports, net = sink
    with socket.create_connection(("127.0.0.1", ports["shell"]), timeout=5) as c:
        c.sendall(b"$ ")
        assert c.recv(100) == netsink.SHELL_COMMAND
        c.sendall(b"uid=1000(dev) gid=1000(dev)\n")
        time.sleep(0.1)
    net.stop()
    (rec,) = result["sink"]
    assert rec["proto"] == "shell" and rec["shell"]["answer"] == "uid=1000(dev) gid=1000(dev)\n"


def test_a_raw_sender_and_a_connect_and_close_are_recorded_as_raw(sink):
    result, ports, net = sink
    with socket.create_connection(("127.0.0.1", ports["shell"]), timeout=5) as c:
        c.sendall(b"exfil:" + b"A" * 100)
    socket.create_connection(("127.0.0.1", ports["http"]), timeout=5).close()
    time.sleep(0.8)
    net.stop()
    by_port = {r["port"]: r for r in result["sink"]}
    assert by_port[ports["shell"]]["proto"] == "raw" and by_port[ports["shell"]]["bytes"] == 106
    assert by_port[ports["http"]]["proto"] == "raw" and by_port[ports["http"]]["bytes"] == 0


def test_connections_made_just_before_the_stop_are_still_recorded(sink):
    result, ports, net = sink
    for i in range(8):
        with socket.create_connection(("127.0.0.1", ports["shell"]), timeout=5) as c:
            c.sendall(b"late-%d" % i)
    net.stop()  # at once, as the supervisor does when the sample has ended
    got = sorted(base64.b64decode(r["payload_b64"]) for r in result["sink"])
    assert got == [b"late-%d" % i for i in range(8)]
