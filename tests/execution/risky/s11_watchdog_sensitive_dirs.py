# scenario: 11 monitor-system
# expect: secrets.access filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Watches the key directory and /etc for changes, reporting every event.
import os
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer


class Spy(FileSystemEventHandler):
    def on_any_event(self, event):
        print("event", event.event_type, event.src_path)


observer = Observer()
for path in (os.path.expanduser("~/.ssh"), "/etc"):
    observer.schedule(Spy(), path, recursive=True)
observer.start()
time.sleep(1)
observer.stop()
observer.join()
