import re


def search_pattern(pattern: str, content: str) -> bool:
    """Return True if the user-supplied search string occurs in content."""
    try:
        return re.search(pattern, content) is not None
    except re.error:
        return False
