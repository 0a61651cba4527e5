import base64
import pickle
import socket

import dill
import joblib
import numpy as np
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    # ruleid: python-pickle-load
    state = pickle.loads(base64.b64decode(request.form["state"]))
    return str(state)


def load_cache(path):
    with open(path, "rb") as fh:
        # ruleid: python-pickle-load
        return pickle.load(fh)


def receive(sock: socket.socket):
    data = sock.recv(65536)
    # ruleid: python-pickle-load
    return dill.loads(data)


def load_model(path):
    # ruleid: python-pickle-load
    return joblib.load(path)


class Loader:
    def read(self, fh):
        # ruleid: python-pickle-load
        return pickle.Unpickler(fh).load()


def load_embeddings(path):
    # ruleid: python-pickle-load
    arr = np.load(path, allow_pickle=True)
    return arr.item()


def safe_examples(obj, path):
    import json
    # ok: python-pickle-load
    blob = pickle.dumps(obj)
    with open(path, "wb") as fh:
        # ok: python-pickle-load
        pickle.dump(obj, fh)
    # ok: python-pickle-load
    data = json.loads('{"a": 1}')
    # ok: python-pickle-load
    joblib.dump(obj, path)
    # ok: python-pickle-load
    weights = np.load("weights.npy")
    # ok: python-pickle-load
    packed = np.load(path, allow_pickle=False)
    return blob, data, weights, packed
