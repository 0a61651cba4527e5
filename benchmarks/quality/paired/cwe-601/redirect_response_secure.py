from urllib.parse import urlparse

from flask import redirect

TRUSTED = {"example.com", "www.example.com"}


def redirect_response(target: str):
    """Return a redirect response to target if it points at one of our hosts."""
    host = urlparse(target).hostname or ""
    if host not in TRUSTED:
        target = "/"
    return redirect(target)
