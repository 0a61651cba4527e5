import sqlite3

from fastapi import FastAPI
from flask import Flask, jsonify, request
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()


def get_db():
    return sqlite3.connect("app.db")


@app.route("/user")
def user():
    name = request.args.get("name")
    conn = get_db()
    query = "SELECT id, email FROM users WHERE name = '%s'" % name
    # ruleid: python-sql-injection-from-request
    row = conn.execute(query).fetchone()
    return jsonify(row)


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    cur = get_db().cursor()
    # ruleid: python-sql-injection-from-request
    cur.execute("SELECT * FROM users WHERE username='" + username + "' AND password='" + password + "'")
    return "ok" if cur.fetchone() else "denied"


@app.route("/search")
def search():
    term = request.args.get("q", "")
    sort = request.args.get("sort", "name")
    cur = get_db().cursor()
    # ruleid: python-sql-injection-from-request
    cur.execute(f"SELECT * FROM products WHERE name LIKE ? ORDER BY {sort}", (f"%{term}%",))
    return jsonify(cur.fetchall())


@api.get("/items/{item_id}")
def read_item(item_id: str, session=None):
    # ruleid: python-sql-injection-from-request
    return session.execute(text(f"SELECT * FROM items WHERE id = {item_id}")).all()


@app.route("/safe")
def safe():
    name = request.args.get("name")
    conn = get_db()
    # ok: python-sql-injection-from-request
    row = conn.execute("SELECT id, email FROM users WHERE name = ?", (name,)).fetchone()
    page = int(request.args.get("page", "1"))
    # ok: python-sql-injection-from-request
    rows = conn.execute(f"SELECT * FROM posts LIMIT 20 OFFSET {page * 20}").fetchall()
    return jsonify(row=row, rows=rows)


def offline_report(conn, table):
    # ok: python-sql-injection-from-request
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()


@api.post("/login")
async def api_login(payload: dict):
    username = payload.get("username")
    query = "SELECT id, pw_hash FROM users WHERE username = '" + username + "'"
    # ruleid: python-sql-injection-from-request
    row = await database.fetch_one(query)
    return {"user_id": row["id"]}


@api.get("/users/{user_id}")
async def api_user(user_id: str):
    # ok: python-sql-injection-from-request
    return await database.fetch_one("SELECT * FROM users WHERE id = :id", values={"id": user_id})


def product_detail(request, slug):
    with connection.cursor() as cursor:
        # ruleid: python-sql-injection-from-request
        cursor.execute(f"SELECT * FROM shop_product WHERE slug = '{slug}'")
        return cursor.fetchone()


def product_by_id(request, pk):
    with connection.cursor() as cursor:
        # ok: python-sql-injection-from-request
        cursor.execute("SELECT * FROM shop_product WHERE id = %s", [pk])
        return cursor.fetchone()
