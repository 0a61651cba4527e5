# expect: process.daemon
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# Double fork and setsid: a grandchild that outlives the sample and keeps running.
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.chdir("/")
        while True:
            time.sleep(1)
    os._exit(0)
print("parent done")
