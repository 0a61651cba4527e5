def build_redirect_response(location: str) -> bytes:
    """Build a raw HTTP/1.1 302 response pointing at location."""
    if "\r" in location or "\n" in location:
        raise ValueError("invalid characters in location")
    lines = [
        "HTTP/1.1 302 Found",
        "Location: " + location,
        "Content-Length: 0",
        "",
        "",
    ]
    return "\r\n".join(lines).encode("latin-1")
