"""The fake internet inside the sandbox: every name resolves, every connection is answered and recorded.

Two modes. Redirect (the container, where the supervisor starts as root with CAP_NET_ADMIN and nothing else
of use): `configure_namespace` makes every IPv4 address local (`ip route add local 0.0.0.0/0 dev lo`) and
one iptables-restore sends every TCP connection to one listener and every UDP datagram to one socket (DNS
to the resolver); the listener reads the intended destination with SO_ORIGINAL_DST. The network namespace
is still Docker's `none`: no packet leaves it. Legacy (no privilege: the host test harness, old host
configs): listeners on a fixed list of loopback ports and a resolver that answers 127.0.0.1.

Names resolve to distinct addresses in 198.18.0.0/15 (the benchmarking range, as fake-IP resolvers do), so
a connection to one tells the sink which name the sample looked up. Loopback connections to a port the
sample itself listens on are handed through to its server (a local client/server works as on any machine);
the sink's own connection for that leaves from a source address the redirect exempts (a sample that binds
it too only reaches loopback unredirected: still inside the `none` namespace).

Standard library only, like the supervisor.
"""

from __future__ import annotations

import base64
import os
import re
import selectors
import socket
import struct
import subprocess
import tempfile
import threading
import time

SINK_PORT = 1  # tcpmux: no sample listens there; every redirected TCP connection lands here
UDP_PORT = 1  # every redirected UDP datagram that is not DNS
DNS_PORT = 53
HANDOFF_SOURCE = "127.254.0.1"  # the sink's hand-through connections leave from here, unredirected
FAKE_NET = "198.18.0.0/15"  # fake-IP answers come from here
FAKE_FIRST, FAKE_LAST = 0xC6120002, 0xC613FFFE  # 198.18.0.2 .. 198.19.255.254
SO_ORIGINAL_DST = 80
LEGACY_PORTS = (80, 443, 4444, 8080, 1337, 9001, 22, 25, 3333, 6667)

MAX_RECORDS = 1000
PAYLOAD_CAP = 64 * 1024
IDLE_S = 2.0  # a connection with nothing to say for this long is recorded and closed
FIRST_BYTES_S = 0.6  # how long a client gets to speak first before we take it for a shell waiting for orders
MAX_CONNECTIONS = 64

# The body of any downloaded script or binary: valid sh (the `""":"` line runs `:`) and valid Python (a
# string, then print), so `curl | sh`, `exec(urlopen(...).read())` and chmod+exec all run it and print.
PAYLOAD_MARK = "codeeval-sink payload executed"
PAYLOAD = (
    '#!/bin/sh\n# codeeval-sink: stand-in for a downloaded program\n""":"\n'
    f'echo "{PAYLOAD_MARK}"\nexit 0\n":"""\nprint("{PAYLOAD_MARK}")\n'
).encode()
HTML = b"<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n"
JSON = b'{"status": "ok", "data": [], "id": 1, "message": "success"}\n'
PROGRAM_EXT = re.compile(r"\.(py|sh|bash|pl|rb|ps1|exe|bin|elf|so|dll|jar|run|apk|msi|deb|rpm)$|/(bin|payload|stage\d*)$",
                         re.IGNORECASE)
HTTP_START = re.compile(rb"^(GET|POST|PUT|HEAD|DELETE|PATCH|OPTIONS|CONNECT) ")
SMTP_PORTS = {25, 465, 587, 2525}
FTP_PORTS = {21}
TLS_PORTS = {443, 465, 8443, 993, 995}
SHELL_PROMPT = re.compile(rb"(\$|#|>) ?$|job control|can't access tty|no job control")
SHELL_COMMAND = b"id\n"


# ------------------------------------------------------------------ namespace (as root, before the job)
def configure_namespace() -> str | None:
    """Route every IPv4 address to lo and redirect TCP/UDP to the sink. Returns an error text or None."""
    rules = (
        "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
        f"-A OUTPUT -p tcp -s {HANDOFF_SOURCE} -j RETURN\n"
        f"-A OUTPUT -p tcp -j REDIRECT --to-ports {SINK_PORT}\n"
        f"-A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports {DNS_PORT}\n"
        # A sample's own UDP service on loopback keeps working; loopback datagrams are in the trace anyway.
        "-A OUTPUT -p udp -d 127.0.0.0/8 -j RETURN\n"
        f"-A OUTPUT -p udp -j REDIRECT --to-ports {UDP_PORT}\n"
        "COMMIT\n"
    )
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    for cmd, data in ((["ip", "route", "add", "local", "0.0.0.0/0", "dev", "lo"], None),
                      (["iptables-restore", "-w", "5"], rules.encode())):
        try:
            proc = subprocess.run(cmd, input=data, capture_output=True, env=env, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{cmd[0]}: {exc}"
        if proc.returncode != 0:
            return f"{cmd[0]}: {proc.stderr.decode(errors='replace').strip()[:300]}"
    return None


def bind_sockets(legacy_ports=None, dns_port: int = DNS_PORT) -> dict:
    """The listening sockets. Redirect mode (legacy_ports None) binds on every address so that any
    redirected destination lands; legacy mode binds the given loopback ports."""
    socks: dict = {"tcp": [], "dns": None, "udp": None, "errors": []}
    host = "0.0.0.0" if legacy_ports is None else "127.0.0.1"
    for port in (SINK_PORT,) if legacy_ports is None else legacy_ports:
        try:
            srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind((host, int(port)))
            srv.listen(64)
            socks["tcp"].append(srv)
        except OSError as exc:
            socks["errors"].append(f"sink not started on {host}:{port}: {exc}")
    if dns_port >= 0:
        try:
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind((host, dns_port))
            socks["dns"] = udp
        except OSError as exc:
            socks["errors"].append(f"resolver not started on {host}:{dns_port}: {exc}")
    if legacy_ports is None:
        try:
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind(("0.0.0.0", UDP_PORT))
            socks["udp"] = udp
        except OSError as exc:
            socks["errors"].append(f"udp sink not started: {exc}")
        try:  # root-only (0440); the open descriptor stays readable after we drop to the sandbox uid
            socks["conntrack"] = os.open("/proc/net/nf_conntrack", os.O_RDONLY)
        except OSError:
            socks["conntrack"] = None
    return socks


# ------------------------------------------------------------------ the fake internet
class FakeInternet:
    """Serves the sockets from bind_sockets on threads until stop(); records into result."""

    def __init__(self, socks: dict, result: dict, lock: threading.Lock, *, redirect: bool, tls: dict | None = None,
                 workdir: str | None = None) -> None:
        self.socks, self.result, self.lock, self.redirect = socks, result, lock, redirect
        self.stop_event = threading.Event()
        self.names: dict[str, str] = {}  # qname -> fake address
        self.addrs: dict[str, str] = {}  # fake address -> qname
        self.next_addr = FAKE_FIRST
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.threads: list[threading.Thread] = []
        self.ftp_data: dict[tuple[str, int], dict] = {}  # passive data channels announced by an FTP session
        self.tls = TlsIssuer(tls, workdir) if tls and workdir else None
        self.own_ports = {s.getsockname()[1] for s in socks["tcp"]}
        for key in ("sink", "dns", "udp"):
            result.setdefault(key, [])

    # -- lifecycle
    def start(self) -> None:
        sel = selectors.DefaultSelector()
        self.wake_r, self.wake_w = socket.socketpair()  # stop() wakes the serving thread at once
        sel.register(self.wake_r, selectors.EVENT_READ, "wake")
        for srv in self.socks["tcp"]:
            srv.setblocking(False)
            sel.register(srv, selectors.EVENT_READ, "tcp")
        for kind in ("dns", "udp"):
            if self.socks.get(kind) is not None:
                self.socks[kind].setblocking(False)
                sel.register(self.socks[kind], selectors.EVENT_READ, kind)
        self.server = threading.Thread(target=self.serve, args=(sel,), daemon=True, name="fake-internet")
        self.server.start()

    def stop(self) -> None:
        """Take in what the sample sent before it ended, then close everything. Sessions still open see
        the stop and record what their client had sent by then."""
        if self.stop_event.is_set():
            return
        self.stop_event.set()
        end = time.monotonic() + 3.0
        if getattr(self, "server", None) is not None:
            try:
                self.wake_w.send(b"x")
            except OSError:
                pass
            self.server.join(timeout=2.0)
        for thread in list(self.threads):
            thread.join(timeout=max(0.0, end - time.monotonic()))
        for sock in [*self.socks["tcp"], self.socks.get("dns"), self.socks.get("udp"),
                     getattr(self, "wake_r", None), getattr(self, "wake_w", None)]:
            if sock is not None:
                sock.close()

    def serve(self, sel: selectors.BaseSelector) -> None:
        try:
            while not self.stop_event.is_set():
                try:
                    ready = sel.select(0.5)
                except OSError:
                    break
                for key, _ in ready:
                    if key.data != "wake":
                        self.take(key.fileobj, key.data)
            # The sample has ended: connections and datagrams it sent before that still count.
            for key in list(sel.get_map().values()):
                if key.data != "wake":
                    self.take(key.fileobj, key.data, drain=True)
        finally:
            sel.close()

    def take(self, sock: socket.socket, kind: str, drain: bool = False) -> None:
        """Accept one connection or read one datagram (with drain: all that are waiting)."""
        while True:
            try:
                if kind == "tcp":
                    conn, peer = sock.accept()
                    self.spawn(conn, peer)
                elif kind == "dns":
                    self.answer_dns(sock)
                else:
                    self.capture_udp(sock)
            except BlockingIOError:
                return
            except OSError:
                if not drain:
                    return
                continue
            if not drain:
                return

    def spawn(self, conn: socket.socket, peer) -> None:
        if not self.slots.acquire(blocking=False):
            self.record_tcp(self.destination(conn), peer, b"", 0, proto="dropped")
            conn.close()
            return
        thread = threading.Thread(target=self.handle, args=(conn, peer), daemon=True)
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()

    # -- addresses
    def destination(self, conn: socket.socket) -> tuple[str, int]:
        """Where the sample meant to connect: the pre-NAT destination, or our own address when not redirected."""
        if self.redirect:
            try:
                raw = conn.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
                port, ip = struct.unpack_from("!2xH4s", raw)
                return socket.inet_ntoa(ip), port
            except OSError:
                pass
        ip, port = conn.getsockname()[:2]
        return ip, port

    def fake_address(self, qname: str) -> str:
        key = qname.rstrip(".").lower()
        if key in ("localhost", "") or key.endswith(".localhost"):
            return "127.0.0.1"
        if not self.redirect:
            return "127.0.0.1"
        if key == socket.gethostname().lower():
            return "127.0.1.1"  # where Debian's /etc/hosts puts the machine's own name: its servers answer there
        with self.lock:
            addr = self.names.get(key)
            if addr is None:
                if self.next_addr > FAKE_LAST:
                    self.next_addr = FAKE_FIRST
                addr = socket.inet_ntoa(struct.pack("!I", self.next_addr))
                self.next_addr += 1
                self.names[key], self.addrs[addr] = addr, key
            return addr

    def host_of(self, ip: str) -> str:
        return self.addrs.get(ip, ip)

    # -- TCP
    def handle(self, conn: socket.socket, peer) -> None:
        session = None
        try:
            ip, port = self.destination(conn)
            if self.redirect and ip.startswith("127.") and self.sample_listens(ip, port):
                self.hand_through(conn, ip, port)
                return
            channel = self.ftp_data.pop((ip, port), None)
            session = Session(conn, self, ip, port, peer)
            if channel is not None:
                session.ftp_data(channel)
            else:
                session.run()
        except Exception as exc:  # noqa: BLE001 - one odd client must not stop the sink
            if session is not None:
                session.rec["error"] = f"{type(exc).__name__}: {exc}"[:200]
        finally:
            if session is not None:
                self.finish(session.close())
            try:
                conn.close()
            except OSError:
                pass
            self.slots.release()

    def sample_listens(self, ip: str, port: int) -> bool:
        """Whether some socket listens where this loopback connection was going (IPv4, or dual-stack ::)."""
        if port in self.own_ports:
            return False
        want = {ip_hex(ip), ip_hex("0.0.0.0"), "0" * 32, "0000000000000000FFFF0000" + ip_hex(ip)}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table) as fh:
                    next(fh)
                    for line in fh:
                        parts = line.split()
                        addr, _, lport = parts[1].partition(":")
                        if parts[3] == "0A" and int(lport, 16) == port and addr in want:
                            return True
            except (OSError, ValueError, IndexError, StopIteration):
                continue
        return False

    def hand_through(self, conn: socket.socket, ip: str, port: int) -> None:
        """Relay a loopback connection to the sample's own server, from a socket the redirect exempts."""
        up = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            up.bind((HANDOFF_SOURCE, 0))
            up.settimeout(2.0)
            up.connect((ip, port))
        except OSError:
            up.close()
            return
        with self.lock:
            local = self.result.setdefault("loopback", [])
            if len(local) < MAX_RECORDS:
                local.append({"dst": f"{ip}:{port}"})
        relay(conn, up, self.stop_event)

    def record_tcp(self, dst, peer, payload: bytes, total: int, proto: str) -> None:
        ip, port = dst
        self.finish({"port": port, "peer": f"{peer[0]}:{peer[1]}", "bytes": total,
                     "payload_b64": base64.b64encode(payload).decode("ascii"), "dst": f"{ip}:{port}",
                     "host": self.host_of(ip), "proto": proto})

    def finish(self, rec: dict) -> None:
        with self.lock:
            if len(self.result["sink"]) < MAX_RECORDS:
                self.result["sink"].append(rec)

    # -- UDP
    def answer_dns(self, udp: socket.socket) -> None:
        packet, peer = udp.recvfrom(4096)
        parsed = parse_dns_query(packet)
        if parsed is None:
            self.record_udp(packet, peer, (None, DNS_PORT))
            return
        qid, qname, qtype, question = parsed
        answers, count, answer = b"", 0, None
        if qtype == 1:  # A; every other type gets an empty NOERROR so resolvers fall back to A
            answer = self.fake_address(qname)
            answers = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(answer)
            count = 1
        with self.lock:
            if len(self.result["dns"]) < MAX_RECORDS:
                self.result["dns"].append({"qname": qname, "qtype": qtype, "answer": answer})
        header = struct.pack(">HHHHHH", qid, 0x8180, 1, count, 0, 0)
        try:
            udp.sendto(header + question + answers, peer)
        except OSError:
            pass

    def capture_udp(self, udp: socket.socket) -> None:
        data, peer = udp.recvfrom(65536)
        self.record_udp(data, peer, self.udp_destination(peer))

    def udp_destination(self, peer) -> tuple[str | None, int | None]:
        fd = self.socks.get("conntrack")
        if fd is None:
            return None, None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            chunks = []
            while True:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            return None, None
        sport = f"sport={peer[1]} "
        for line in b"".join(chunks).decode("ascii", "replace").splitlines():
            if " udp " not in line or sport not in line:
                continue
            found = re.findall(r"src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+)", line)
            if len(found) == 2 and found[0][2] == str(peer[1]) and found[1][2] == str(UDP_PORT):
                return found[0][1], int(found[0][3])
        return None, None

    def record_udp(self, data: bytes, peer, dst) -> None:
        ip, port = dst
        with self.lock:
            if len(self.result["udp"]) < MAX_RECORDS:
                self.result["udp"].append({
                    "dst": f"{ip}:{port}" if ip else None, "host": self.host_of(ip) if ip else None,
                    "port": port, "peer": f"{peer[0]}:{peer[1]}", "bytes": len(data),
                    "payload_b64": base64.b64encode(data[:512]).decode("ascii"),
                })


class Session:
    """One TCP connection: find out what the client speaks, answer plausibly, keep every byte it sent."""

    def __init__(self, conn: socket.socket, net: FakeInternet, ip: str, port: int, peer) -> None:
        self.conn, self.net = conn, net
        self.sent = bytearray()  # what the client sent, capped
        self.total = 0
        self.pending = b""  # received but not yet consumed by a protocol
        self.closed = False  # the client hung up (as opposed to staying silent)
        self.rec: dict = {"port": port, "peer": f"{peer[0]}:{peer[1]}", "bytes": 0, "payload_b64": "",
                          "dst": f"{ip}:{port}", "host": net.host_of(ip), "proto": "raw"}
        conn.settimeout(0.2)

    # -- bytes in and out
    def recv(self, timeout: float = IDLE_S) -> bytes:
        """The next bytes from the client, b"" when it closed or stayed silent for `timeout`."""
        if self.pending:
            data, self.pending = self.pending, b""
            return data
        end = time.monotonic() + timeout
        while True:
            last = self.net.stop_event.is_set() or time.monotonic() >= end  # one more look, then give up
            try:
                data = self.conn.recv(65536)
            except TimeoutError:
                if last:
                    return b""
                continue
            except OSError:
                data = b""
            if not data:
                self.closed = True
            self.keep(data)
            return data

    def keep(self, data: bytes) -> None:
        self.total += len(data)
        room = PAYLOAD_CAP - len(self.sent)
        if room > 0:
            self.sent += data[:room]

    def line(self, timeout: float = IDLE_S) -> bytes | None:
        buf = b""
        while b"\n" not in buf:
            data = self.recv(timeout)
            if not data:
                return buf or None
            buf += data
        head, _, rest = buf.partition(b"\n")
        self.pending = rest + self.pending
        return head + b"\n"

    def send(self, data: bytes) -> bool:
        try:
            self.conn.sendall(data)
            return True
        except OSError:
            return False

    def drain(self) -> None:
        while self.recv():
            pass

    # -- dispatch
    def run(self) -> None:
        port = self.rec["port"]
        if port in FTP_PORTS:
            return self.ftp()
        if port in SMTP_PORTS and port != 465:
            return self.smtp()
        if port == 22:
            self.rec["proto"] = "ssh"
            self.send(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
            return self.drain()
        first = self.recv(FIRST_BYTES_S)
        if first[:1] == b"\x16" and self.net.tls is not None:
            if not self.start_tls():
                return None
            if port in SMTP_PORTS:
                return self.smtp()
            first = self.recv(FIRST_BYTES_S)
        if HTTP_START.match(first):
            self.pending = first
            return self.http()
        # Anything else may come in pieces (dash writes "/bin/sh: 0: " and the rest of its tty warning
        # separately): gather what follows closely before deciding.
        end = time.monotonic() + 0.5
        while first and not self.closed and time.monotonic() < end and len(first) < 4096:
            more = self.recv(0.15)
            if not more:
                break
            first += more
        self.pending = first
        if (not first and not self.closed) or (first and SHELL_PROMPT.search(first[-200:])):
            return self.shell()
        self.rec["proto"] = "tls" if self.rec.get("tls") else "raw"
        self.drain()
        return None

    def start_tls(self) -> bool:
        import ssl  # only when a client speaks TLS: the import costs every run otherwise

        self.pending = self.sent[:]  # the ClientHello goes back to the TLS layer, not to the record
        self.sent, self.total = bytearray(), 0
        hello = bytes(self.pending)
        self.pending = b""
        sni = client_hello_sni(hello)
        context = self.net.tls.context(sni or self.rec["host"])
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        incoming.write(hello)
        self.rec["tls"] = {"sni": sni}
        if sni and self.rec["host"] == self.rec["dst"].rsplit(":", 1)[0]:
            self.rec["host"] = sni
        obj = context.wrap_bio(incoming, outgoing, server_side=True)
        self.conn = TlsConn(self.conn, obj, incoming, outgoing)
        try:
            self.conn.handshake(self.net.stop_event)
        except (ssl.SSLError, OSError) as exc:
            self.rec["tls"]["error"] = str(exc)[:200]  # a client that rejects our CA: pinned, or no bundle
            self.rec["proto"] = "tls"
            return False
        return True

    # -- protocols
    def http(self) -> None:
        self.rec["proto"] = "https" if self.rec.get("tls") else "http"
        requests = self.rec["http"] = []
        while len(requests) < 20:
            head = b""
            while b"\r\n\r\n" not in head and b"\n\n" not in head and len(head) < 65536:
                data = self.recv()
                if not data:
                    return
                head += data
            sep = b"\r\n\r\n" if b"\r\n\r\n" in head else b"\n\n"
            head, _, body = head.partition(sep)
            lines = head.decode("latin-1").splitlines()
            parts = (lines[0].split() + ["", "", ""])[:3]
            method, path = parts[0], parts[1]
            headers = {}
            for ln in lines[1:]:
                name, _, value = ln.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0) if (headers.get("content-length") or "0").isdigit() else 0
            while len(body) < min(length, PAYLOAD_CAP):
                data = self.recv()
                if not data:
                    break
                body += data
            if "chunked" in headers.get("transfer-encoding", "").lower():
                while not body.endswith(b"0\r\n\r\n"):
                    data = self.recv(0.5)
                    if not data:
                        break
                    body += data
            host = headers.get("host", "").split(":")[0]
            if host and not self.rec["host"].replace(".", "").isalpha():
                self.rec["host"] = host
            requests.append({"method": method, "path": path, "host": headers.get("host"),
                             "user_agent": headers.get("user-agent"), "body_bytes": len(body)})
            if "path" not in self.rec:
                self.rec["method"], self.rec["path"] = method, path
            status, ctype, reply = http_answer(method, path, headers)
            keep = headers.get("connection", "").lower() == "keep-alive" or (
                "HTTP/1.1" in lines[0] and headers.get("connection", "").lower() != "close")
            head_out = (f"HTTP/1.1 {status}\r\nServer: nginx/1.22.1\r\nContent-Type: {ctype}\r\n"
                        f"Content-Length: {len(reply)}\r\nConnection: {'keep-alive' if keep else 'close'}\r\n\r\n")
            if not self.send(head_out.encode() + (b"" if method == "HEAD" else reply)) or not keep:
                return

    def shell(self) -> None:
        """Someone connected and waits (a reverse shell, a bot): send a command and keep what comes back."""
        self.rec["proto"] = "shell"
        self.recv(0.2)  # the rest of a prompt
        start = len(self.sent)
        self.send(SHELL_COMMAND)
        answer = b""
        end = time.monotonic() + 3.0
        while time.monotonic() < end and len(answer) < 4096:
            data = self.recv(0.5 if answer else 2.5)
            if not data:
                break
            answer += data
            if b"uid=" in answer and b"\n" in answer.split(b"uid=", 1)[1]:
                break
        self.rec["shell"] = {"command": SHELL_COMMAND.decode().strip(),
                             "answer": bytes(self.sent[start:]).decode("utf-8", "replace")[:2048]}
        self.send(b"exit\n")
        self.drain()

    def smtp(self) -> None:
        self.rec["proto"] = "smtps" if self.rec.get("tls") else "smtp"
        mail = self.rec["smtp"] = {"from": None, "to": [], "data_bytes": 0, "auth": False}
        self.send(b"220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n")
        while True:
            line = self.line()
            if line is None:
                return
            verb = line.split(b" ", 1)[0].strip().upper()
            arg = line[len(verb):].strip().decode("utf-8", "replace")
            if verb in (b"EHLO", b"HELO"):
                self.send(b"250-mail.example.com\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            elif verb == b"AUTH":
                mail["auth"] = True
                if arg.upper().startswith("LOGIN"):
                    self.send(b"334 VXNlcm5hbWU6\r\n")
                    self.line()
                    self.send(b"334 UGFzc3dvcmQ6\r\n")
                    self.line()
                elif arg.upper() == "PLAIN":
                    self.send(b"334 \r\n")
                    self.line()
                self.send(b"235 2.7.0 Authentication successful\r\n")
            elif verb == b"MAIL":
                mail["from"] = (arg.partition(":")[2].split() or [""])[0][:200]
                self.send(b"250 2.1.0 Ok\r\n")
            elif verb == b"RCPT":
                if len(mail["to"]) < 50:
                    mail["to"].append((arg.partition(":")[2].split() or [""])[0][:200])
                self.send(b"250 2.1.5 Ok\r\n")
            elif verb == b"DATA":
                self.send(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                size = 0
                while True:
                    ln = self.line()
                    if ln is None or ln.rstrip(b"\r\n") == b".":
                        break
                    size += len(ln)
                mail["data_bytes"] += size
                self.send(b"250 2.0.0 Ok: queued as 4F2B81C0A2\r\n")
            elif verb == b"QUIT":
                self.send(b"221 2.0.0 Bye\r\n")
                return
            elif verb == b"STARTTLS":
                self.send(b"454 4.7.0 TLS not available due to local problem\r\n")
            else:
                self.send(b"250 2.0.0 Ok\r\n")

    def ftp(self) -> None:
        self.rec["proto"] = "ftp"
        ftp = self.rec["ftp"] = {"user": None, "commands": [], "stored": []}
        self.send(b"220 (vsFTPd 3.0.3)\r\n")
        ip = self.rec["dst"].rsplit(":", 1)[0]
        channel: dict | None = None
        while True:
            line = self.line()
            if line is None:
                return
            verb = line.split(b" ", 1)[0].strip().upper().decode("ascii", "replace")
            arg = line[len(verb):].strip().decode("utf-8", "replace")
            if len(ftp["commands"]) < 100:
                ftp["commands"].append(f"{verb} {arg}".strip()[:200] if verb != "PASS" else "PASS ***")
            if verb == "USER":
                ftp["user"] = arg[:100]
                self.send(b"331 Please specify the password.\r\n")
            elif verb == "PASS":
                self.send(b"230 Login successful.\r\n")
            elif verb in ("PASV", "EPSV"):
                with self.net.lock:
                    port = 40000 + len(self.net.ftp_data) % 20000 + int.from_bytes(os.urandom(1), "big")
                channel = {"event": threading.Event(), "data": b"", "send": None, "session": ftp}
                self.net.ftp_data[(ip, port)] = channel
                if verb == "PASV":
                    self.send(b"227 Entering Passive Mode (%s,%d,%d).\r\n" % (ip.replace(".", ",").encode(),
                                                                              port >> 8, port & 255))
                else:
                    self.send(b"229 Entering Extended Passive Mode (|||%d|)\r\n" % port)
            elif verb in ("STOR", "APPE", "RETR", "LIST", "NLST") and channel is not None:
                channel["name"] = arg[:200]
                channel["send"] = {"RETR": PAYLOAD, "LIST": b"-rw-r--r-- 1 ftp ftp 120 Jan 01 00:00 readme.txt\r\n",
                                   "NLST": b"readme.txt\r\n"}.get(verb)
                channel["ready"] = True
                self.send(b"150 Ok to send data.\r\n")
                end = time.monotonic() + 5.0
                while not channel["event"].wait(0.1) and not self.net.stop_event.is_set() and time.monotonic() < end:
                    pass
                self.send(b"226 Transfer complete.\r\n")
                channel = None
            elif verb == "QUIT":
                self.send(b"221 Goodbye.\r\n")
                return
            elif verb == "PWD":
                self.send(b'257 "/" is the current directory\r\n')
            elif verb == "SYST":
                self.send(b"215 UNIX Type: L8\r\n")
            elif verb in ("TYPE", "MODE", "STRU", "CWD", "MKD", "DELE", "OPTS"):
                self.send(b"250 Ok.\r\n" if verb != "TYPE" else b"200 Switching to Binary mode.\r\n")
            elif verb == "FEAT":
                self.send(b"211-Features:\r\n EPSV\r\n PASV\r\n211 End\r\n")
            else:
                self.send(b"502 Command not implemented.\r\n")

    def ftp_data(self, channel: dict) -> None:
        self.rec["proto"] = "ftp-data"
        end = time.monotonic() + 3.0
        while not channel.get("ready") and time.monotonic() < end:
            time.sleep(0.02)
        if channel.get("send") is not None:
            self.send(channel["send"])
        else:
            self.drain()
            if len(channel["session"]["stored"]) < 20:
                channel["session"]["stored"].append({"name": channel.get("name"), "bytes": self.total})
        self.rec["ftp_file"] = channel.get("name")
        try:
            self.conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        channel["event"].set()

    def close(self) -> dict:
        """The record, with every byte the client sent (whatever protocol path the session took)."""
        self.rec["bytes"] = self.total
        self.rec["payload_b64"] = base64.b64encode(bytes(self.sent)).decode("ascii")
        return self.rec


class TlsConn:
    """A TLS server connection over a blocking socket with a timeout, through memory BIOs (so the
    ClientHello we already read can be fed back in)."""

    def __init__(self, sock: socket.socket, obj, incoming, outgoing) -> None:
        import ssl

        self.ssl = ssl
        self.sock, self.obj, self.incoming, self.outgoing = sock, obj, incoming, outgoing

    def flush(self) -> None:
        data = self.outgoing.read()
        if data:
            self.sock.sendall(data)

    def feed(self) -> bool:
        data = self.sock.recv(65536)
        if not data:
            self.incoming.write_eof()
            return False
        self.incoming.write(data)
        return True

    def handshake(self, stop: threading.Event) -> None:
        end = time.monotonic() + 5.0
        while True:
            try:
                self.obj.do_handshake()
                self.flush()
                return
            except self.ssl.SSLWantReadError:
                self.flush()
                if stop.is_set() or time.monotonic() > end:
                    raise OSError("TLS handshake timed out")
                try:
                    if not self.feed():
                        raise OSError("client closed during the TLS handshake")
                except TimeoutError:
                    continue

    def recv(self, n: int) -> bytes:
        while True:
            try:
                data = self.obj.read(n)
                self.flush()
                return data
            except self.ssl.SSLWantReadError:
                self.flush()
                if not self.feed():  # socket.timeout propagates to Session.recv like a plain socket's
                    return b""
            except (self.ssl.SSLZeroReturnError, self.ssl.SSLEOFError):
                return b""

    def sendall(self, data: bytes) -> None:
        self.obj.write(data)
        self.flush()

    def settimeout(self, t) -> None:
        self.sock.settimeout(t)

    def shutdown(self, how) -> None:
        self.sock.shutdown(how)

    def close(self) -> None:
        self.sock.close()


class TlsIssuer:
    """Leaf certificates for each SNI name, signed by the per-run CA the host put in the job."""

    def __init__(self, tls: dict, workdir: str) -> None:
        self.dir = tempfile.mkdtemp(prefix="tls-", dir=workdir)
        self.ca = os.path.join(self.dir, "ca.pem")
        self.ca_key = os.path.join(self.dir, "ca.key")
        self.key = os.path.join(self.dir, "leaf.key")
        for path, text in ((self.ca, tls["ca_cert"]), (self.ca_key, tls["ca_key"]), (self.key, tls["leaf_key"])):
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
                fh.write(text)
        self.contexts: dict = {}
        self.lock = threading.Lock()
        self.serial = int.from_bytes(os.urandom(6), "big")

    def context(self, name: str):
        import ssl

        name = re.sub(r"[^A-Za-z0-9.*-]", "", name or "localhost")[:200] or "localhost"
        with self.lock:
            ctx = self.contexts.get(name)
            if ctx is not None:
                return ctx
            self.serial += 1
            cert = os.path.join(self.dir, f"{self.serial}.pem")
            san = f"IP:{name}" if re.fullmatch(r"[\d.]+", name) else f"DNS:{name}"
            subprocess.run(
                ["openssl", "req", "-new", "-x509", "-CA", self.ca, "-CAkey", self.ca_key, "-key", self.key,
                 "-subj", f"/CN={name}", "-addext", f"subjectAltName={san}", "-addext", "basicConstraints=CA:FALSE",
                 "-days", "30", "-set_serial", str(self.serial), "-out", cert],
                capture_output=True, timeout=10, check=True, env={"PATH": "/usr/bin:/bin"},
            )
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, self.key)
            self.contexts[name] = ctx
            return ctx


# ------------------------------------------------------------------ helpers
def http_answer(method: str, path: str, headers: dict) -> tuple[str, str, bytes]:
    bare = path.split("?", 1)[0].split("#", 1)[0]
    if bare.startswith(("http://", "https://")):  # a proxy-style request line
        bare = "/" + bare.split("/", 3)[-1] if bare.count("/") >= 3 else "/"
    accept = headers.get("accept", "")
    if method in ("GET", "HEAD") and PROGRAM_EXT.search(bare):
        return "200 OK", "application/octet-stream", PAYLOAD
    host = headers.get("host", "")
    if "json" in accept or "/api" in bare or bare.endswith(".json") or headers.get("content-type", "").endswith("json") \
            or host.startswith("api.") or re.search(r"/v\d+(/|$)", bare):
        return "200 OK", "application/json", JSON
    if bare.endswith(".txt"):
        return "200 OK", "text/plain", b"ok\n"
    return "200 OK", "text/html; charset=utf-8", HTML


def client_hello_sni(data: bytes) -> str | None:
    """The server name a TLS ClientHello asks for, or None."""
    try:
        if data[0] != 0x16 or data[5] != 0x01:
            return None
        pos = 9 + 2 + 32  # record header, handshake header, version, random
        pos += 1 + data[pos]  # session id
        pos += 2 + int.from_bytes(data[pos:pos + 2], "big")  # cipher suites
        pos += 1 + data[pos]  # compression methods
        end = pos + 2 + int.from_bytes(data[pos:pos + 2], "big")
        pos += 2
        while pos + 4 <= end:
            kind, size = int.from_bytes(data[pos:pos + 2], "big"), int.from_bytes(data[pos + 2:pos + 4], "big")
            if kind == 0:
                name_len = int.from_bytes(data[pos + 7:pos + 9], "big")
                return data[pos + 9:pos + 9 + name_len].decode("ascii", "replace")
            pos += 4 + size
    except IndexError:
        return None
    return None


def parse_dns_query(packet: bytes):
    if len(packet) < 12:
        return None
    qid, flags, qd = struct.unpack(">HHH", packet[:6])
    if flags & 0x8000 or qd < 1:
        return None
    labels, pos = [], 12
    while pos < len(packet):
        n = packet[pos]
        if n == 0 or n & 0xC0:
            break
        labels.append(packet[pos + 1 : pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    end = pos + 1 + 4
    if end > len(packet):
        return None
    qtype = struct.unpack(">H", packet[pos + 1 : pos + 3])[0]
    return qid, ".".join(labels), qtype, packet[12:end]


def ip_hex(ip: str) -> str:
    """An IPv4 address as /proc/net/tcp prints it (host byte order of a little-endian machine)."""
    return "{:08X}".format(struct.unpack("<I", socket.inet_aton(ip))[0])


def relay(a: socket.socket, b: socket.socket, stop: threading.Event) -> None:
    sel = selectors.DefaultSelector()
    for s in (a, b):
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    other = {a: b, b: a}
    open_ends = 2
    try:
        while open_ends and not stop.is_set():
            for key, _ in sel.select(0.2):
                src = key.fileobj
                try:
                    data = src.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                dst = other[src]
                if not data:
                    sel.unregister(src)
                    open_ends -= 1
                    try:
                        dst.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    continue
                dst.setblocking(True)
                try:
                    dst.sendall(data)
                except OSError:
                    return
                finally:
                    dst.setblocking(False)
    finally:
        sel.close()
        b.close()
