import sqlite3


def get_user(conn, username):
    cur = conn.cursor()
    # ruleid: python-param-sql-injection
    cur.execute(f"SELECT * FROM users WHERE username = '{username}'")
    return cur.fetchone()


def delete_order(conn, order_id, customer_id):
    query = "DELETE FROM orders WHERE id = " + str(order_id) + " AND customer_id = " + str(customer_id)
    # ruleid: python-param-sql-injection
    conn.execute(query)


def search(db_path, term, limit=20):
    conn = sqlite3.connect(db_path)
    sql = "SELECT * FROM products WHERE name LIKE '%%%s%%' LIMIT %d" % (term, limit)
    # ruleid: python-param-sql-injection
    return conn.execute(sql).fetchall()


def get_user_safe(conn, username):
    cur = conn.cursor()
    # ok: python-param-sql-injection
    cur.execute("SELECT * FROM users WHERE username = ?", (username,))
    return cur.fetchone()


def search_safe(db_path, term, limit=20):
    conn = sqlite3.connect(db_path)
    # ok: python-param-sql-injection
    return conn.execute("SELECT * FROM products WHERE name LIKE ? LIMIT ?", (f"%{term}%", int(limit))).fetchall()


def run_query(conn, statement):
    # ok: python-param-sql-injection
    return conn.execute(statement)


def page(conn, page):
    # ok: python-param-sql-injection
    return conn.execute("SELECT * FROM items LIMIT 10 OFFSET " + str(int(page) * 10))


def list_orders(conn, sort_by, descending=False):
    if sort_by not in ("id", "customer", "total"):
        raise ValueError(f"cannot sort by {sort_by!r}")
    order_by = f"{sort_by} DESC" if descending else f"{sort_by} ASC"
    # ok: python-param-sql-injection
    return conn.execute(f"SELECT id, customer, total FROM orders ORDER BY {order_by}, id").fetchall()


def list_orders_unchecked(conn, sort_by):
    if sort_by not in ("id", "customer", "total"):
        print("unusual column")
    # ruleid: python-param-sql-injection
    return conn.execute(f"SELECT * FROM orders ORDER BY {sort_by}").fetchall()
