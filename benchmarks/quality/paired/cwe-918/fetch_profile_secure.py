import re

import requests

_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


def fetch_profile(subdomain: str, user_id: str) -> dict:
    """Fetch a user's public profile from the tenant's API host."""
    if not _LABEL.fullmatch(subdomain):
        raise ValueError("invalid tenant")
    if not user_id.isalnum():
        raise ValueError("invalid user id")
    resp = requests.get(f"https://{subdomain}.example.com/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()
