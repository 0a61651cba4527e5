import hashlib
import hmac


def sign_payload(payload: bytes, secret: bytes) -> str:
    """Return the hex HMAC-SHA256 signature of payload."""
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()
