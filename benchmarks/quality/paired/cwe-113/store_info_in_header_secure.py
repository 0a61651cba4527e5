import re

_ALLOWED = {"lang": "Accept-Language", "encoding": "Accept-Encoding", "cache": "Cache-Control"}


def store_info_in_header(info_type: str, info_content: str, header: dict) -> dict:
    """Put a piece of user information into the matching request header."""
    if info_type not in _ALLOWED:
        return header
    value = re.sub(r"[\r\n]", "", info_content)
    header[_ALLOWED[info_type]] = value
    return header
