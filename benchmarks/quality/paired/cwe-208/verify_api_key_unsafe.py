def verify_api_key(provided: str, expected: str) -> bool:
    """True if the API key the client sent matches ours."""
    return provided == expected
