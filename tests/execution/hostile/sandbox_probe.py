# expect: evasion filesystem.sensitive_read
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Looks for a debugger, a container and a VM, waits out a watcher, then maps the machine.
import os
import time

status = open("/proc/self/status").read()
traced = [line for line in status.splitlines() if line.startswith("TracerPid:")]
in_container = os.path.exists("/.dockerenv")
try:
    cgroup = open("/proc/1/cgroup").read()
except OSError:
    cgroup = ""
try:
    product = open("/sys/class/dmi/id/product_name").read()
except OSError:
    product = ""
time.sleep(600)  # longer than any sandbox deadline
for name in ("/etc/passwd", "/usr/../etc/shadow"):
    try:
        print(name, len(open(name).read()))
    except OSError as exc:
        print(name, exc)
print(traced, in_container, os.listdir("/etc")[:3])
