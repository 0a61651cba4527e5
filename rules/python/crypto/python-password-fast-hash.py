import hashlib
import hmac
import os
import secrets

import bcrypt


def create_user(db, username, password):
    # ruleid: python-password-fast-hash
    password_hash = hashlib.sha256(password.encode()).hexdigest()
    db.execute("INSERT INTO users (name, pw) VALUES (?, ?)", (username, password_hash))


def verify(stored, password, salt):
    # ruleid: python-password-fast-hash
    candidate = hashlib.sha512((salt + password).encode()).hexdigest()
    return hmac.compare_digest(candidate, stored)


def hash_it(pwd):
    h = hashlib.sha256()
    h.update(b"static-salt")
    # ruleid: python-password-fast-hash
    h.update(pwd.encode())
    return h.hexdigest()


class User:
    def set_password(self, raw):
        # ruleid: python-password-fast-hash
        self.password_hash = hashlib.new("sha256", raw.encode()).hexdigest()


def good(password):
    salt = os.urandom(16)
    # ok: python-password-fast-hash
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    # ok: python-password-fast-hash
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    return key, hashed


def integrity(data, token):
    # ok: python-password-fast-hash
    digest = hashlib.sha256(data).hexdigest()
    # ok: python-password-fast-hash
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    return digest, token_hash


def api_key_hash():
    raw = secrets.token_urlsafe(32)
    # ok: python-password-fast-hash
    return raw, hashlib.sha256(raw.encode()).hexdigest()


def hmac_password(password, key):
    # ok: python-password-fast-hash
    return hmac.new(key, password.encode(), hashlib.sha256).hexdigest()
