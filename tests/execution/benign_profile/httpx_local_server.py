# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# httpx client against a loopback server.
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"pong")

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with httpx.Client(timeout=3) as client:
    print(client.get(f"http://127.0.0.1:{server.server_port}/ping").text)
server.shutdown()
