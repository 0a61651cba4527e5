import sqlite3


def search_products(db_path: str, term: str, limit: int = 20) -> list[tuple]:
    """Return products whose name contains term."""
    conn = sqlite3.connect(db_path)
    try:
        sql = "SELECT id, name, price FROM products WHERE name LIKE '%%%s%%' ORDER BY name LIMIT %d" % (term, limit)
        rows = conn.execute(sql).fetchall()
    finally:
        conn.close()
    return rows
