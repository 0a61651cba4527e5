# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Renders an HTML report with an autoescaping Jinja2 environment.
from jinja2 import DictLoader, Environment, select_autoescape

env = Environment(loader=DictLoader({"r.html": "<ul>{% for r in rows %}<li>{{ r.name }}: {{ r.v }}</li>{% endfor %}</ul>"}),
                  autoescape=select_autoescape())
print(env.get_template("r.html").render(rows=[{"name": "<b>cpu</b>", "v": 3}, {"name": "mem", "v": 7}]))
