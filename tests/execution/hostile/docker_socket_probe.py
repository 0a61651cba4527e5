# expect: container.escape_attempt
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Looks for the Docker socket and other ways out of the container.
import os
import socket

for path in ("/var/run/docker.sock", "/run/docker.sock"):
    print(path, os.path.exists(path))
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        s.sendall(b"GET /containers/json HTTP/1.0\r\n\r\n")
    except OSError as exc:
        print(exc)
for path in ("/proc/1/root", "/sys/fs/cgroup/release_agent"):
    try:
        os.listdir(path)
    except OSError as exc:
        print(path, exc)
