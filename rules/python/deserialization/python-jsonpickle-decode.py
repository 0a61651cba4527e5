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
