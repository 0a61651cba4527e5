import datetime


def generate_receive_log(msg: str) -> str:
    """Return a log line recording that a user message was received."""
    sanitized = msg.replace("\r", "").replace("\n", " ")
    return f"[{datetime.datetime.now().isoformat()}] Received: {sanitized}"
