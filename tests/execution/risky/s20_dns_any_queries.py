# scenario: 20 amplification
# expect: network.dns network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Sends small ANY queries to a public resolver, the first half of a DNS amplification attack.
import socket
import struct

query = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 1)
query += b"".join(bytes([len(p)]) + p.encode() for p in "example.com".split(".")) + b"\0"
query += struct.pack(">HH", 255, 1)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(200):
    try:
        sock.sendto(query, ("8.8.8.8", 53))
    except OSError as exc:
        print(exc)
        break
print("queries sent")
