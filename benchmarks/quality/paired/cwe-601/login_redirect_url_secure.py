from urllib.parse import urlparse


def login_redirect_url(next_url: str, default: str = "/dashboard") -> str:
    """Where to send the user after login: only paths on this site are followed."""
    if not next_url:
        return default
    parsed = urlparse(next_url)
    if parsed.scheme or parsed.netloc or next_url.startswith("//") or "\\" in next_url:
        return default
    return next_url
