import hashlib
import os
from hashlib import md5

from Crypto.Hash import MD5


def register(username, password, db):
    # ruleid: python-weak-hash-password
    hashed = hashlib.md5(password.encode()).hexdigest()
    db.insert(username, hashed)


def check_login(user, pwd):
    # ruleid: python-weak-hash-password
    return user.pw_hash == hashlib.sha1(pwd.encode("utf-8")).hexdigest()


def hash_password(raw):
    # ruleid: python-weak-hash-password
    return md5(raw.encode()).hexdigest()


def store(user, plain):
    # ruleid: python-weak-hash-password
    user.password_hash = hashlib.new("sha1", plain.encode()).hexdigest()


def salted(password, salt):
    h = hashlib.md5()
    h.update(salt)
    # ruleid: python-weak-hash-password
    h.update(password.encode())
    return h.hexdigest()


def legacy(password):
    # ruleid: python-weak-hash-password
    return MD5.new(password.encode()).hexdigest()


def file_checksum(path):
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(8192), b""):
            # ok: python-weak-hash-password
            h.update(chunk)
    return h.hexdigest()


def cache_key(url):
    # ok: python-weak-hash-password
    return hashlib.md5(url.encode()).hexdigest()


def good_hash(password):
    salt = os.urandom(16)
    # ok: python-weak-hash-password
    return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def etag_for_password_page(body):
    # ok: python-weak-hash-password
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def fingerprint(blob):
    # ok: python-weak-hash-password
    password_hint_digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return password_hint_digest
