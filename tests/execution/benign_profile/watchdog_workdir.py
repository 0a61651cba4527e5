# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Watches a work subdirectory and reports files created in it.
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

seen = []


class Handler(FileSystemEventHandler):
    def on_created(self, event):
        seen.append(Path(event.src_path).name)


watch = Path("/work/inbox")
watch.mkdir(exist_ok=True)
obs = Observer()
obs.schedule(Handler(), str(watch))
obs.start()
(watch / "new.txt").write_text("hello")
time.sleep(0.5)
obs.stop()
obs.join()
print(seen)
