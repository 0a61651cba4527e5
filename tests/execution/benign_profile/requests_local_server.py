# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# requests against a local http.server the program starts itself.
import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import requests

Path("/work/site").mkdir(exist_ok=True)
Path("/work/site/index.html").write_text("<h1>hi</h1>")


class Quiet(SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory="/work/site", **kw)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Quiet)
threading.Thread(target=server.serve_forever, daemon=True).start()
r = requests.get(f"http://127.0.0.1:{server.server_port}/index.html", timeout=3)
print(r.status_code, r.text)
server.shutdown()
