import requests


def fetch_json(url: str, timeout: float = 10.0) -> dict:
    """GET url and return the decoded JSON body."""
    resp = requests.get(url, timeout=timeout)
    resp.raise_for_status()
    return resp.json()
