import hashlib
import hmac

SECRET_KEY = b"s3cr3t-signing-key-2024"


def sign_payload(payload: bytes) -> str:
    """Return the hex HMAC-SHA256 signature of payload."""
    return hmac.new(SECRET_KEY, payload, hashlib.sha256).hexdigest()
