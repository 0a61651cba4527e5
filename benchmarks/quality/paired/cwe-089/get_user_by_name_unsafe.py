import sqlite3
from typing import Optional


def get_user_by_name(conn: sqlite3.Connection, username: str) -> Optional[dict]:
    """Look up a user row by username."""
    cur = conn.cursor()
    cur.execute(f"SELECT id, username, email FROM users WHERE username = '{username}'")
    row = cur.fetchone()
    if row is None:
        return None
    return {"id": row[0], "username": row[1], "email": row[2]}
