import jinja2
from jinja2 import Environment, FileSystemLoader, PackageLoader, select_autoescape


def make_env(template_dir):
    # ruleid: python-jinja2-autoescape-disabled
    return jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir))


def render_page(context):
    # ruleid: python-jinja2-autoescape-disabled
    env = Environment(loader=FileSystemLoader("templates"), autoescape=False)
    return env.get_template("page.html").render(**context)


def render_string(text, **values):
    # ruleid: python-jinja2-autoescape-disabled
    env = jinja2.Environment()
    return env.from_string(text).render(**values)


def safe_env():
    # ok: python-jinja2-autoescape-disabled
    return Environment(loader=PackageLoader("app"), autoescape=select_autoescape(["html", "xml"]))


def safe_env_true(template_dir):
    # ok: python-jinja2-autoescape-disabled
    return jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir), autoescape=True)


def configurable(options):
    # ok: python-jinja2-autoescape-disabled
    return jinja2.Environment(**options)


def by_extension(template_dir):
    # ok: python-jinja2-autoescape-disabled
    return jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir), autoescape=lambda name: name.endswith(".html"))
