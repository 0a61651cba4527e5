import os

from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

IV = b"1234567890abcdef"


def encrypt_zero_iv(key, data):
    iv = b"\x00" * 16
    # ruleid: python-constant-iv
    cipher = AES.new(key, AES.MODE_CBC, iv)
    return cipher.encrypt(data)


def encrypt_module_iv(key, padded):
    # ruleid: python-constant-iv
    encryptor = Cipher(algorithms.AES(key), modes.CBC(IV)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def encrypt_gcm_fixed(key, data):
    # ruleid: python-constant-iv
    return AESGCM(key).encrypt(b"fixednonce12", data, None)


def encrypt_kw(key, data):
    # ruleid: python-constant-iv
    return AES.new(key, AES.MODE_CBC, iv=bytes(16)).encrypt(data)


def encrypt_random_iv(key, data):
    iv = os.urandom(16)
    # ok: python-constant-iv
    cipher = AES.new(key, AES.MODE_CBC, iv)
    return iv + cipher.encrypt(data)


def encrypt_gcm(key, data):
    nonce = os.urandom(12)
    # ok: python-constant-iv
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def decrypt_with_stored_iv(key, blob):
    # ok: python-constant-iv
    return AES.new(key, AES.MODE_CBC, blob[:16]).decrypt(blob[16:])
