import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_record(key: bytes, record: bytes) -> bytes:
    """Encrypt one database record; the nonce is stored in front of the ciphertext."""
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, record, None)
