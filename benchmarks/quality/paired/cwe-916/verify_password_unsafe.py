import hashlib
import hmac


def verify_password(password: str, salt: bytes, stored_hash: bytes) -> bool:
    """Check a password against the stored hash."""
    candidate = hashlib.sha1(salt + password.encode()).digest()
    return hmac.compare_digest(candidate, stored_hash)
