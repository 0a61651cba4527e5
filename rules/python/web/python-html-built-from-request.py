import html

from flask import Flask, escape, make_response, request
from markupsafe import escape as mescape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "World")
    # ruleid: python-html-built-from-request
    return f"<h1>Hello, {name}!</h1>"


@app.route("/search")
def search():
    q = request.args.get("q", "")
    # ruleid: python-html-built-from-request
    body = "<p>Results for: " + q + "</p>"
    return make_response(body)


@app.route("/user/<username>")
def profile(username):
    # ruleid: python-html-built-from-request
    return "<h2>Profile of {}</h2>".format(username)


@app.route("/comment", methods=["POST"])
def comment():
    text = request.form["text"]
    author = request.form.get("author", "anon")
    # ruleid: python-html-built-from-request
    html_out = "<div class='c'><b>%s</b>: %s</div>" % (author, text)
    return html_out


@app.route("/safe")
def safe_hello():
    name = request.args.get("name", "World")
    # ok: python-html-built-from-request
    return f"<h1>Hello, {escape(name)}!</h1>"


@app.route("/safe2")
def safe_search():
    q = html.escape(request.args.get("q", ""))
    # ok: python-html-built-from-request
    return "<p>Results for: " + q + "</p>"


@app.route("/count")
def count():
    n = int(request.args.get("n", 0))
    # ok: python-html-built-from-request
    return f"<p>You asked for {n} items</p>"


@app.route("/plain")
def plain():
    name = request.args.get("name", "")
    # ok: python-html-built-from-request
    return {"message": f"Hello {name}"}


def render_rows(rows):
    # ok: python-html-built-from-request
    return "".join(f"<tr><td>{r}</td></tr>" for r in rows)


@app.route("/page")
def page_view():
    page = request.args.get("page", 1, type=int)
    # ok: python-html-built-from-request
    return f"<p>Page {page}</p>"
