import base64
import hashlib
import hmac
import json
import marshal
import pickle

import yaml


def load_session(cookie_value):
    raw = base64.urlsafe_b64decode(cookie_value.encode())
    # ruleid: python-param-unsafe-deserialization
    return pickle.loads(raw)


def yaml_to_json(yaml_text):
    # ruleid: python-param-unsafe-deserialization
    return json.dumps(yaml.load(yaml_text, Loader=yaml.Loader))


def restore(state_file):
    with open(state_file, "rb") as fh:
        # ruleid: python-param-unsafe-deserialization
        return marshal.load(fh)


def load_session_json(cookie_value):
    # ok: python-param-unsafe-deserialization
    return json.loads(base64.urlsafe_b64decode(cookie_value.encode()))


def yaml_safe(yaml_text):
    # ok: python-param-unsafe-deserialization
    return yaml.safe_load(yaml_text)


def load_signed(blob, signature, key):
    expected = hmac.new(key, blob, hashlib.sha256).digest()
    if hmac.compare_digest(expected, signature):
        # ok: python-param-unsafe-deserialization
        return pickle.loads(blob)
    raise ValueError("bad signature")
