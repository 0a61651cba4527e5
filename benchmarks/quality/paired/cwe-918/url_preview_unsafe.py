import urllib.request


def url_preview(url: str, max_bytes: int = 4096) -> str:
    """Download the beginning of a page so a link preview can be shown."""
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read(max_bytes).decode("utf-8", errors="replace")
