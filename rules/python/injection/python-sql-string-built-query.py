import sqlite3

import pandas as pd
import psycopg2


def get_user(conn, username):
    cursor = conn.cursor()
    # ruleid: python-sql-string-built-query
    cursor.execute(f"SELECT * FROM users WHERE username = '{username}'")
    return cursor.fetchone()


def get_user_percent(cursor, user_id):
    # ruleid: python-sql-string-built-query
    cursor.execute("SELECT name, email FROM users WHERE id = %s" % user_id)
    return cursor.fetchall()


def search_products(db, term):
    query = "SELECT * FROM products WHERE name LIKE '%{}%'".format(term)
    cur = db.cursor()
    # ruleid: python-sql-string-built-query
    cur.execute(query)
    return cur.fetchall()


def delete_user(conn, name):
    # ruleid: python-sql-string-built-query
    conn.execute("DELETE FROM users WHERE name = '" + name + "'")
    conn.commit()


def filter_orders(conn, status, min_total):
    sql = "SELECT id, total FROM orders WHERE 1=1"
    if status:
        sql += " AND status = '" + status + "'"
    if min_total:
        sql += f" AND total >= {min_total}"
    # ruleid: python-sql-string-built-query
    return conn.execute(sql).fetchall()


def load_frame(engine, table, year):
    # ruleid: python-sql-string-built-query
    return pd.read_sql(f"SELECT * FROM {table} WHERE year = {year}", engine)


def bulk_insert(conn, table, rows):
    # ruleid: python-sql-string-built-query
    conn.executemany("INSERT INTO %s VALUES (?, ?)" % table, rows)


def reset(conn, name):
    script = f"DROP TABLE IF EXISTS {name}; CREATE TABLE {name} (id INTEGER);"
    # ruleid: python-sql-string-built-query
    conn.executescript(script)


def safe_get_user(conn, username):
    cursor = conn.cursor()
    # ok: python-sql-string-built-query
    cursor.execute("SELECT * FROM users WHERE username = ?", (username,))
    # ok: python-sql-string-built-query
    cursor.execute("SELECT * FROM users WHERE id = %s", [username])
    query = "SELECT * FROM users WHERE username = %(name)s"
    # ok: python-sql-string-built-query
    cursor.execute(query, {"name": username})
    return cursor.fetchone()


def safe_in_clause(conn, ids):
    placeholders = ",".join("?" * len(ids))
    # ok: python-sql-string-built-query
    rows = conn.execute(f"SELECT * FROM items WHERE id IN ({placeholders})", ids).fetchall()
    marks = ", ".join(["%s"] * len(ids))
    sql = f"DELETE FROM items WHERE id IN ({marks})"
    # ok: python-sql-string-built-query
    conn.cursor().execute(sql, ids)
    return rows


def safe_filters(conn, status):
    sql = "SELECT id FROM orders WHERE 1=1"
    params = []
    if status:
        sql += " AND status = ?"
        params.append(status)
    # ok: python-sql-string-built-query
    return conn.execute(sql, params).fetchall()


def not_sql(executor, job, pool):
    # ok: python-sql-string-built-query
    executor.execute(f"job-{job}")
    # ok: python-sql-string-built-query
    pool.execute("run %s" % job)
    # ok: python-sql-string-built-query
    return pd.read_sql("SELECT COUNT(*) FROM users", pool)


class UserRepo:
    def __init__(self, pool):
        self.pool = pool

    async def by_email(self, email):
        async with self.pool.acquire() as conn:
            # ruleid: python-sql-string-built-query
            return await conn.fetchrow(f"SELECT id, name FROM users WHERE email = '{email}'")

    async def safe_by_email(self, email):
        async with self.pool.acquire() as conn:
            # ok: python-sql-string-built-query
            return await conn.fetchrow("SELECT id, name FROM users WHERE email = $1", email)


async def login(database, username):
    query = "SELECT id, pw_hash FROM users WHERE username = '" + username + "'"
    # ruleid: python-sql-string-built-query
    return await database.fetch_one(query)


async def login_safe(database, username):
    query = "SELECT id, pw_hash FROM users WHERE username = :username"
    # ok: python-sql-string-built-query
    return await database.fetch_one(query=query, values={"username": username})


async def page(client, item_id):
    # ok: python-sql-string-built-query
    return await client.fetch(f"https://api.example.com/items/{item_id}")


def list_orders(conn, sort_by, descending=False):
    if sort_by not in ("id", "customer", "total"):
        raise ValueError(f"cannot sort by {sort_by!r}")
    order_by = f"{sort_by} DESC" if descending else f"{sort_by} ASC"
    # ok: python-sql-string-built-query
    return conn.execute(f"SELECT id, customer, total FROM orders ORDER BY {order_by}, id").fetchall()


def list_orders_checked(conn, sort_by):
    if sort_by in {"id", "customer", "total"}:
        # ok: python-sql-string-built-query
        return conn.execute(f"SELECT * FROM orders ORDER BY {sort_by}").fetchall()
    return []


def list_orders_unchecked(conn, sort_by):
    if sort_by not in ("id", "customer", "total"):
        print("unusual column")
    # ruleid: python-sql-string-built-query
    return conn.execute(f"SELECT * FROM orders ORDER BY {sort_by}").fetchall()
