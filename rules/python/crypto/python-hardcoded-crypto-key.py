import hashlib
import hmac
import os

import jwt
from cryptography.fernet import Fernet

SECRET_KEY = b"s3cr3t-signing-key-2024"


def encrypt_config(text):
    key = b"ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="
    # ruleid: python-hardcoded-crypto-key
    return Fernet(key).encrypt(text.encode())


def sign(payload):
    # ruleid: python-hardcoded-crypto-key
    return hmac.new(SECRET_KEY, payload, hashlib.sha256).hexdigest()


def make_token(user_id):
    # ruleid: python-hardcoded-crypto-key
    return jwt.encode({"sub": user_id}, "super-secret-jwt-key", algorithm="HS256")


def encrypt_config_env(text):
    key = os.environ["CONFIG_KEY"].encode()
    # ok: python-hardcoded-crypto-key
    return Fernet(key).encrypt(text.encode())


def sign_with(payload, secret):
    # ok: python-hardcoded-crypto-key
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def new_key():
    # ok: python-hardcoded-crypto-key
    return Fernet(Fernet.generate_key())
