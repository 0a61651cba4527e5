import hashlib
import hmac


def verify_api_key(provided, expected):
    # ruleid: python-timing-unsafe-compare
    return provided == expected


def check_signature(body, signature, secret):
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    # ruleid: python-timing-unsafe-compare
    return expected == signature


def authorised(headers, api_key):
    # ruleid: python-timing-unsafe-compare
    return headers.get("X-Api-Key") == api_key


def verify_api_key_ok(provided, expected):
    # ok: python-timing-unsafe-compare
    return hmac.compare_digest(provided.encode(), expected.encode())


def check_signature_ok(body, signature, secret):
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    # ok: python-timing-unsafe-compare
    return hmac.compare_digest(expected, signature)


def verify_token_type(token_type):
    # ok: python-timing-unsafe-compare
    return token_type == "bearer"


def same_user(a, b):
    # ok: python-timing-unsafe-compare
    return a.id == b.id
