def set_language_header(headers: dict, language: str) -> dict:
    """Store the user's preferred language in the Content-Language response header."""
    cleaned = language.replace("\r", "").replace("\n", "")
    headers["Content-Language"] = cleaned
    return headers
