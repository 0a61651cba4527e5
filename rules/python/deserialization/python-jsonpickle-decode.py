import json

import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/cart", methods=["POST"])
def cart():
    # ruleid: python-jsonpickle-decode
    items = jsonpickle.decode(request.data)
    return str(len(items))


def load_state(text):
    # ruleid: python-jsonpickle-decode
    return jsonpickle.loads(text)


def safe_examples(obj, text):
    # ok: python-jsonpickle-decode
    encoded = jsonpickle.encode(obj)
    # ok: python-jsonpickle-decode
    data = json.loads(text)
    return encoded, data


class SessionStore:
    def __init__(self, redis_client):
        self.redis = redis_client

    def get(self, sid):
        raw = self.redis.get(f"session:{sid}")
        # ruleid: python-jsonpickle-decode
        return jsonpickle.decode(raw, keys=True) if raw else None

    def put(self, sid, session):
        # ok: python-jsonpickle-decode
        self.redis.set(f"session:{sid}", jsonpickle.encode(session, keys=True))


if __name__ == "__main__":
    import sys

    with open(sys.argv[1]) as fh:
        # ruleid: python-jsonpickle-decode
        state = jsonpickle.decode(fh.read())
    # ok: python-jsonpickle-decode
    print(jsonpickle.dumps(state))
