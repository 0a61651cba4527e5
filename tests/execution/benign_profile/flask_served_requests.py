# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Runs a Flask app on a loopback port with werkzeug's server and calls it with requests.
import threading

import requests
from flask import Flask
from werkzeug.serving import make_server

app = Flask(__name__)


@app.get("/health")
def health():
    return {"status": "up"}


server = make_server("127.0.0.1", 0, app)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(requests.get(f"http://127.0.0.1:{server.server_port}/health", timeout=3).json())
server.shutdown()
