import datetime
import hashlib
import secrets
import time
import uuid


def new_reset_token() -> str:
    # ruleid: python-secret-from-clock
    return hashlib.sha256(str(int(time.time())).encode()).hexdigest()


def api_key_for(user_id: int) -> str:
    # ruleid: python-secret-from-clock
    seed = f"{user_id}:{time.time()}"
    return hashlib.sha256(seed.encode()).hexdigest()


def make_session_id() -> str:
    # ruleid: python-secret-from-clock
    return uuid.uuid1().hex


def new_token_with_salt() -> str:
    # ok: python-secret-from-clock
    return hashlib.sha256(f"{time.time()}{secrets.token_hex(16)}".encode()).hexdigest()


def issue_token(user_id: int) -> dict:
    # ok: python-secret-from-clock
    return {"sub": user_id, "token": secrets.token_urlsafe(32), "exp": datetime.datetime.now() + datetime.timedelta(hours=1)}


def report_name() -> str:
    # ok: python-secret-from-clock
    return f"report-{time.time()}.csv"
