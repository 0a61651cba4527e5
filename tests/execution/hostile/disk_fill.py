# expect: resource.disk
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Fills every writable place until the tmpfs size or the file size limit stops it.
import os

chunk = b"\0" * (1 << 20)
for place in ("/work", "/tmp", os.path.expanduser("~")):
    try:
        with open(os.path.join(place, "fill.bin"), "wb") as f:
            while True:
                f.write(chunk)
                f.flush()
    except OSError as exc:
        print(place, exc)
