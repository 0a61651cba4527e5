# expect: filesystem.sensitive_read
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Reads pid 1's environment and command line, where container secrets often live.
for path in ("/proc/1/environ", "/proc/1/cmdline"):
    try:
        print(open(path, "rb").read())
    except OSError as exc:
        print(path, exc)
