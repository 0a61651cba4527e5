import ast

from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    # ruleid: python-code-injection-from-request
    result = eval(expr)
    return jsonify(result=result)


@app.route("/run", methods=["POST"])
def run():
    code = request.form["code"]
    scope = {}
    # ruleid: python-code-injection-from-request
    exec(code, scope)
    return jsonify(scope.get("result"))


@api.post("/filter")
def apply_filter(condition: str):
    rows = [{"a": 1}, {"a": 2}]
    # ruleid: python-code-injection-from-request
    return [r for r in rows if eval(f"r['a'] {condition}")]


@app.route("/settings", methods=["POST"])
def settings():
    payload = request.get_json()
    # ruleid: python-code-injection-from-request
    value = eval(payload["value"])
    # ok: python-code-injection-from-request
    literal = ast.literal_eval(payload["value"])
    # ok: python-code-injection-from-request
    fixed = eval("1 + 1")
    return jsonify(value=value, literal=literal, fixed=fixed)


def offline(expr):
    # ok: python-code-injection-from-request
    return eval(expr)
