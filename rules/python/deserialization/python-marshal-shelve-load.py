import marshal
import shelve


def load_code(path):
    with open(path, "rb") as fh:
        # ruleid: python-marshal-shelve-load
        code = marshal.load(fh)
    exec(code)


def from_bytes(blob):
    # ruleid: python-marshal-shelve-load
    return marshal.loads(blob)


def session_store(user_id):
    # ruleid: python-marshal-shelve-load
    with shelve.open("/tmp/sessions.db") as db:
        return db.get(str(user_id))


def safe_examples(obj):
    # ok: python-marshal-shelve-load
    blob = marshal.dumps(obj)
    import json
    # ok: python-marshal-shelve-load
    return json.loads(json.dumps({"blob": len(blob)}))


class Cache:
    def __init__(self, path):
        self.path = path

    def lookup(self, key):
        # ruleid: python-marshal-shelve-load
        with shelve.open(self.path, flag="r") as db:
            return db.get(key)


def shelf_name(path):
    # ok: python-marshal-shelve-load
    return f"{path}.shelve"
