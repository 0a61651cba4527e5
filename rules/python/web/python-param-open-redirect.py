from urllib.parse import urlparse

from flask import redirect, url_for

TRUSTED = {"example.com"}


def redirect_response(target):
    # ruleid: python-param-open-redirect
    return redirect(target)


def login_redirect_url(next_url, default="/dashboard"):
    if not next_url:
        return default
    # ruleid: python-param-open-redirect
    return next_url


def redirect_checked(target):
    host = urlparse(target).hostname or ""
    if host not in TRUSTED:
        target = "/"
    # ok: python-param-open-redirect
    return redirect(target)


def login_redirect_url_checked(next_url, default="/dashboard"):
    parsed = urlparse(next_url)
    if parsed.scheme or parsed.netloc:
        return default
    # ok: python-param-open-redirect
    return next_url


def go_home(user_id):
    # ok: python-param-open-redirect
    return redirect(url_for("profile", user_id=user_id))


def format_name(first, last):
    # ok: python-param-open-redirect
    return first + " " + last


def build_redirect_response(location):
    if "\r" in location or "\n" in location:
        raise ValueError("bad location")
    # a response for a redirect is not the choice of where to send the user
    # ok: python-param-open-redirect
    return "HTTP/1.1 302 Found\r\nLocation: " + location
