import sqlite3


def search_products(db_path: str, term: str, limit: int = 20) -> list[tuple]:
    """Return products whose name contains term."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY name LIMIT ?",
            (f"%{term}%", int(limit)),
        ).fetchall()
    finally:
        conn.close()
    return rows
