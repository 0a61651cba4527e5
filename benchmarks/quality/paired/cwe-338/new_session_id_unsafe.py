import random


def new_session_id() -> str:
    """Return a fresh 128-bit session identifier as hex."""
    return "%032x" % random.getrandbits(128)
