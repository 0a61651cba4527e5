import hashlib
import os


def hash_passwords(usernames: list[str], passwords: list[str]) -> list[tuple[bytes, bytes]]:
    """Hash each password with PBKDF2-HMAC-SHA256 and a fresh salt; returns (hash, salt) pairs."""
    out = []
    for _user, password in zip(usernames, passwords):
        salt = os.urandom(32)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 10000)
        out.append((digest, salt))
    return out
