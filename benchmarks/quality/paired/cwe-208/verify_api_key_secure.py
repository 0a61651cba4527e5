import hmac


def verify_api_key(provided: str, expected: str) -> bool:
    """True if the API key the client sent matches ours."""
    return hmac.compare_digest(provided.encode(), expected.encode())
