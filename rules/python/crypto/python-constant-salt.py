import hashlib
import os

import bcrypt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

SALT = b"app-wide-salt"


def hash_password(password):
    salt = b"static_salt_value"
    # ruleid: python-constant-salt
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100000)


def derive(password):
    # ruleid: python-constant-salt
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"myapp-salt", iterations=600_000)
    return kdf.derive(password.encode())


def hash_module_salt(password):
    # ruleid: python-constant-salt
    return hashlib.scrypt(password.encode(), salt=SALT, n=2**14, r=8, p=1)


def hash_encoded(password):
    # ruleid: python-constant-salt
    return hashlib.pbkdf2_hmac("sha256", password.encode(), "pepper".encode(), 100000)


def hash_password_ok(password):
    salt = os.urandom(16)
    # ok: python-constant-salt
    return salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100000)


def check(password, salt, stored):
    # ok: python-constant-salt
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100000) == stored


def bcrypt_ok(password):
    # ok: python-constant-salt
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())
