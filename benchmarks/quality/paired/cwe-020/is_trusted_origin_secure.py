from urllib.parse import urlparse

TRUSTED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


def is_trusted_origin(origin: str) -> bool:
    """CORS check: True if the Origin header names one of our front ends."""
    parsed = urlparse(origin)
    return f"{parsed.scheme}://{parsed.netloc}" in TRUSTED_ORIGINS
