import requests


def fetch_profile(subdomain: str, user_id: str) -> dict:
    """Fetch a user's public profile from the tenant's API host."""
    resp = requests.get(f"https://{subdomain}.example.com/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()
