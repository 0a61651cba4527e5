import base64
import json


def load_session(cookie_value: str) -> dict:
    """Decode the session data stored in a cookie."""
    raw = base64.urlsafe_b64decode(cookie_value.encode())
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("session must be an object")
    return data
