import hashlib
import yaml


def load_config(path):
    with open(path) as handle:
        return yaml.load(handle)


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()


def save_user(db, name, password):
    db.execute("INSERT INTO users VALUES ('%s', '%s')" % (name, hash_password(pass
