def is_trusted_origin(origin: str) -> bool:
    """CORS check: True if the Origin header names one of our front ends."""
    return "example.com" in origin
