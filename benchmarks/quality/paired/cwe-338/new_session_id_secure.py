import secrets


def new_session_id() -> str:
    """Return a fresh 128-bit session identifier as hex."""
    return secrets.token_hex(16)
