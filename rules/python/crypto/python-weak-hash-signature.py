import hashlib
import hmac
import time


def sign_payload(payload: bytes, secret: bytes) -> str:
    # ruleid: python-weak-hash-signature
    return hashlib.md5(secret + payload).hexdigest()


def verify_webhook(body, header_sig, key):
    # ruleid: python-weak-hash-signature
    expected = hmac.new(key, body, hashlib.md5).hexdigest()
    return hmac.compare_digest(expected, header_sig)


def generate_reset_token(user_id):
    # ruleid: python-weak-hash-signature
    return hashlib.sha1(f"{user_id}{time.time()}".encode()).hexdigest()


def make_link(user, secret):
    # ruleid: python-weak-hash-signature
    signature = hashlib.sha1((user + secret).encode()).hexdigest()
    return f"/download?user={user}&sig={signature}"


def new_session(user):
    # ruleid: python-weak-hash-signature
    session_id = hashlib.md5(f"{user}:{time.time()}".encode()).hexdigest()
    return session_id


def file_checksum(path):
    with open(path, "rb") as fh:
        # ok: python-weak-hash-signature
        return hashlib.md5(fh.read()).hexdigest()


def assign_bucket(user_id, buckets):
    # ok: python-weak-hash-signature
    return int(hashlib.md5(str(user_id).encode()).hexdigest(), 16) % buckets


def tokenize_and_hash(words):
    # ok: python-weak-hash-signature
    return [hashlib.md5(w.encode()).hexdigest()[:8] for w in words]


def sign_payload_sha256(payload, key):
    # ok: python-weak-hash-signature
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def generate_api_token(data):
    # ok: python-weak-hash-signature
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def cache(data):
    # ok: python-weak-hash-signature
    cache_token = hashlib.md5(data, usedforsecurity=False).hexdigest()
    return cache_token
