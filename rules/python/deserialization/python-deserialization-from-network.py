import base64
import io
import pickle
import socket
import urllib.request

import redis
import requests
import yaml
from flask import Flask, request

app = Flask(__name__)
cache = redis.Redis()


@app.route("/api/session", methods=["POST"])
def load_session():
    raw = base64.b64decode(request.cookies.get("session", ""))
    # ruleid: python-deserialization-from-network
    session = pickle.loads(raw)
    return str(session.get("user"))


@app.route("/upload", methods=["POST"])
def upload_model():
    f = request.files["model"]
    # ruleid: python-deserialization-from-network
    obj = pickle.load(f)
    return type(obj).__name__


@app.route("/config", methods=["POST"])
def config():
    # ruleid: python-deserialization-from-network
    cfg = yaml.load(request.data, Loader=yaml.Loader)
    # ok: python-deserialization-from-network
    safe = yaml.load(request.data, Loader=yaml.SafeLoader)
    return str(cfg) + str(safe)


def server(port):
    srv = socket.socket()
    srv.bind(("0.0.0.0", port))
    srv.listen()
    conn, _ = srv.accept()
    payload = conn.recv(4096)
    # ruleid: python-deserialization-from-network
    message = pickle.loads(payload)
    return message


def fetch_model(url):
    resp = requests.get(url, timeout=30)
    # ruleid: python-deserialization-from-network
    return pickle.loads(resp.content)


def fetch_urllib(url):
    with urllib.request.urlopen(url) as resp:
        # ruleid: python-deserialization-from-network
        return pickle.load(io.BytesIO(resp.read()))


def from_cache(key):
    blob = cache.get(key)
    # ruleid: python-deserialization-from-network
    return pickle.loads(blob) if blob else None


def safe_examples(path):
    import json
    resp = requests.get("https://api.example.com/items", timeout=10)
    # ok: python-deserialization-from-network
    items = json.loads(resp.text)
    with open(path, "rb") as fh:
        # ok: python-deserialization-from-network
        local = pickle.load(fh)
    return items, local


def from_settings(settings):
    # ok: python-deserialization-from-network
    return yaml.load(settings.get("yaml_blob"), Loader=yaml.Loader)
