import hashlib


def store_password(db, username: str, password: str) -> None:
    """Hash the password and store it for username."""
    hashed = hashlib.md5(password.encode("utf-8")).hexdigest()
    db.execute("UPDATE users SET password_hash = ? WHERE username = ?", (hashed, username))
