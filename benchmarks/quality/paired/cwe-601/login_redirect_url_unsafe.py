def login_redirect_url(next_url: str, default: str = "/dashboard") -> str:
    """Where to send the user after login."""
    if not next_url:
        return default
    return next_url
