import hashlib


def hash_passwords(usernames: list[str], passwords: list[str]) -> list[tuple[bytes, bytes]]:
    """Hash each password with PBKDF2-HMAC-SHA256; returns (hash, salt) pairs."""
    salt = b"static_salt_value"
    out = []
    for _user, password in zip(usernames, passwords):
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 10000)
        out.append((digest, salt))
    return out
