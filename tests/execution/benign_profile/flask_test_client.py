# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# A small Flask app exercised with its test client.
from flask import Flask, jsonify, request

app = Flask(__name__)
TODOS = []


@app.post("/todos")
def add():
    TODOS.append(request.get_json()["title"])
    return jsonify(id=len(TODOS)), 201


@app.get("/todos")
def list_todos():
    return jsonify(TODOS)


client = app.test_client()
assert client.post("/todos", json={"title": "write tests"}).status_code == 201
assert client.get("/todos").get_json() == ["write tests"]
print("ok")
