import re

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def check_email(email: str) -> bool:
    """Return True if email looks like a valid address."""
    if len(email) > 254:
        return False
    return EMAIL_RE.match(email) is not None
