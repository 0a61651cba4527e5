import os

from cryptography.fernet import Fernet


def encrypt_config(config_text: str) -> bytes:
    """Encrypt configuration text with the key provided in CONFIG_KEY."""
    key = os.environ["CONFIG_KEY"].encode()
    return Fernet(key).encrypt(config_text.encode())
