from flask import redirect


def redirect_response(target: str):
    """Return a redirect response to target."""
    return redirect(target)
