import re

EMAIL_RE = re.compile(r"^([a-zA-Z0-9]+)*@([a-zA-Z0-9]+\.)+[a-zA-Z]{2,}$")


def check_email(email: str) -> bool:
    """Return True if email looks like a valid address."""
    return EMAIL_RE.match(email) is not None
