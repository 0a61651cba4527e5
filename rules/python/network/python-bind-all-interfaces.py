import socket
from http.server import HTTPServer, SimpleHTTPRequestHandler

import uvicorn
from flask import Flask

app = Flask(__name__)


def serve(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: python-bind-all-interfaces
    sock.bind(("0.0.0.0", port))
    sock.listen(5)
    return sock


def serve_any(port):
    s = socket.socket()
    # ruleid: python-bind-all-interfaces
    s.bind(("", port))
    return s


def serve_http():
    # ruleid: python-bind-all-interfaces
    httpd = HTTPServer(("0.0.0.0", 8000), SimpleHTTPRequestHandler)
    httpd.serve_forever()


def serve_local(port):
    sock = socket.socket()
    # ok: python-bind-all-interfaces
    sock.bind(("127.0.0.1", port))
    # ok: python-bind-all-interfaces
    httpd = HTTPServer(("localhost", 8000), SimpleHTTPRequestHandler)
    return sock, httpd


if __name__ == "__main__":
    # ruleid: python-bind-all-interfaces
    app.run(host="0.0.0.0", port=5000)
    # ruleid: python-bind-all-interfaces
    uvicorn.run("main:app", host="0.0.0.0", port=8000)
    # ok: python-bind-all-interfaces
    app.run(host="127.0.0.1", port=5000)
    # ok: python-bind-all-interfaces
    uvicorn.run("main:app", host="127.0.0.1", port=8000)
