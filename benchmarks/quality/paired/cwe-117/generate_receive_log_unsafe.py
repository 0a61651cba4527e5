import datetime


def generate_receive_log(msg: str) -> str:
    """Return a log line recording that a user message was received."""
    return f"[{datetime.datetime.now().isoformat()}] Received: {msg}"
