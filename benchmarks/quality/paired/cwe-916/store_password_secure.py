import bcrypt


def store_password(db, username: str, password: str) -> None:
    """Hash the password and store it for username."""
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12))
    db.execute("UPDATE users SET password_hash = ? WHERE username = ?", (hashed, username))
