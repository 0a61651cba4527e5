from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def derive_key(password: str) -> tuple[bytes, bytes]:
    """Derive a 32-byte encryption key from a password; returns (key, salt)."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"myapp-salt", iterations=600_000)
    return kdf.derive(password.encode()), b"myapp-salt"
