import hashlib
import hmac


def check_webhook_signature(body: bytes, signature: str, secret: bytes) -> bool:
    """Validate the X-Signature header of an incoming webhook."""
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
