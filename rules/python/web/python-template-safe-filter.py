import jinja2
from flask import Flask, render_template_string, request

app = Flask(__name__)

COMMENT_TEMPLATE = """
<div class="comment">
  <p>{{ comment | safe }}</p>
</div>
"""


@app.route("/preview", methods=["POST"])
def preview():
    body = request.form.get("body", "")
    # ruleid: python-template-safe-filter
    return render_template_string("<div class='preview'>{{ body|safe }}</div>", body=body)


@app.route("/comment")
def comment():
    # ruleid: python-template-safe-filter
    return render_template_string(COMMENT_TEMPLATE, comment=request.args.get("c", ""))


def render_bio(bio):
    # ruleid: python-template-safe-filter
    return jinja2.Template("{% autoescape false %}<p>{{ bio }}</p>{% endautoescape %}").render(bio=bio)


def render_note(env, note):
    tmpl = env.from_string("<article>{{ note.html | safe }}</article>")
    # ruleid: python-template-safe-filter
    return tmpl.render(note=note)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ok: python-template-safe-filter
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)


def static_banner():
    # ok: python-template-safe-filter
    return render_template_string("<div>{{ '<b>beta</b>' | safe }}</div>")


def safe_word(text):
    # ok: python-template-safe-filter
    return render_template_string("<p>{{ text }} is safeguarded</p>", text=text)
