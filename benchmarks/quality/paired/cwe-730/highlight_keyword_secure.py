import re


def highlight_keyword(keyword: str, text: str) -> str:
    """Wrap every case-insensitive occurrence of keyword in <mark> tags."""
    regex = re.compile("(" + re.escape(keyword) + ")", re.IGNORECASE)
    return regex.sub(r"<mark>\1</mark>", text)
