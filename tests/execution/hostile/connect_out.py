# expect: network.egress
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Connects straight to an address on the internet (there is no route: the attempt is the evidence).
import socket

s = socket.socket()
s.settimeout(2)
try:
    s.connect(("93.184.216.34", 80))
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
except OSError as exc:
    print("blocked:", exc)
