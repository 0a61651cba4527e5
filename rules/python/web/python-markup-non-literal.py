import html

import bleach
from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: python-markup-non-literal
    greeting = Markup(f"<h1>Hello {name}</h1>")
    return render_template("page.html", greeting=greeting)


def render_bio(user):
    # ruleid: python-markup-non-literal
    return Markup(user.bio)


def comment_html(comment):
    # ruleid: python-markup-non-literal
    return Markup("<p class='comment'>" + comment + "</p>")


def badge(label):
    # ruleid: python-markup-non-literal
    return Markup("<span class='badge'>%s</span>" % label)


def link(url, text):
    # ruleid: python-markup-non-literal
    return Markup('<a href="{}">{}</a>'.format(url, text))


@app.template_filter("nl2br")
def nl2br(value):
    # ruleid: python-markup-non-literal
    return Markup(value.replace("\n", "<br>"))


def icon():
    # ok: python-markup-non-literal
    return Markup("<i class='icon-ok'></i>")


def safe_badge(label):
    # ok: python-markup-non-literal
    return Markup("<span class='badge'>{}</span>").format(label)


def escaped(text):
    # ok: python-markup-non-literal
    return Markup(escape(text))


def cleaned(text):
    # ok: python-markup-non-literal
    return Markup(bleach.clean(text, tags=["b", "i"]))


def widget(ctx):
    # ok: python-markup-non-literal
    return Markup(render_template("widget.html", **ctx))
