import hashlib
import hmac


def verify_password(password: str, salt: bytes, stored_hash: bytes) -> bool:
    """Check a password against the stored scrypt hash."""
    candidate = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return hmac.compare_digest(candidate, stored_hash)
