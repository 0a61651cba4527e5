# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Flask blueprint with an error handler and a form post.
from flask import Blueprint, Flask, abort, request

bp = Blueprint("items", __name__)
ITEMS = {"1": "apple"}


@bp.get("/items/<item_id>")
def get_item(item_id):
    if item_id not in ITEMS:
        abort(404)
    return ITEMS[item_id]


@bp.post("/items")
def create():
    ITEMS[str(len(ITEMS) + 1)] = request.form["name"]
    return "created", 201


app = Flask(__name__)
app.register_blueprint(bp)


@app.errorhandler(404)
def missing(_):
    return {"error": "not found"}, 404


c = app.test_client()
print(c.get("/items/1").data, c.get("/items/9").get_json(), c.post("/items", data={"name": "pear"}).status_code)
