def render_welcome(username: str) -> str:
    """Return an HTML greeting for the user."""
    return f"<h1>Welcome, {username}!</h1><p>Glad to see you again.</p>"
