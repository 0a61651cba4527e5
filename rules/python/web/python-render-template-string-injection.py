import jinja2
from flask import Flask, render_template_string, request

app = Flask(__name__)

PAGE = """
<html><body><h1>{{ title }}</h1><ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul></body></html>
"""


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    # ruleid: python-render-template-string-injection
    return render_template_string(f"<h1>Hello {name}!</h1>")


@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    template = f"""
    <html>
      <body><p>Welcome, {name}</p></body>
    </html>
    """
    # ruleid: python-render-template-string-injection
    return render_template_string(template)


@app.route("/error")
def error_page():
    msg = request.args.get("msg", "")
    # ruleid: python-render-template-string-injection
    return render_template_string("<div class='error'>" + msg + "</div>")


@app.route("/card")
def card():
    title = request.args.get("title")
    html = "<div class='card'><h2>{}</h2></div>".format(title)
    # ruleid: python-render-template-string-injection
    return render_template_string(html)


@app.route("/raw", methods=["POST"])
def raw():
    # ruleid: python-render-template-string-injection
    return render_template_string(request.form["template"])


def render_email(user):
    # ruleid: python-render-template-string-injection
    return jinja2.Template("Dear %s, {{ body }}" % user.name).render(body=user.message)


@app.route("/ok")
def ok_page():
    name = request.args.get("name", "guest")
    # ok: python-render-template-string-injection
    return render_template_string("<h1>Hello {{ name }}!</h1>", name=name)


@app.route("/list")
def listing():
    # ok: python-render-template-string-injection
    return render_template_string(PAGE, title="Items", items=[1, 2, 3])


def render_report(rows):
    env = jinja2.Environment(autoescape=True)
    # ok: python-render-template-string-injection
    tmpl = env.from_string("<table>{% for r in rows %}<tr><td>{{ r }}</td></tr>{% endfor %}</table>")
    return tmpl.render(rows=rows)
