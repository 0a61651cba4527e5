import html

from markupsafe import escape


def render_welcome(username):
    # ruleid: python-param-html-injection
    return f"<h1>Welcome, {username}!</h1>"


def render_comments(comments):
    items = []
    for comment in comments:
        # ruleid: python-param-html-injection
        items.append("<li><b>{}</b>: {}</li>".format(comment["author"], comment["text"]))
    return "<ul>" + "".join(items) + "</ul>"


def profile_card(name, bio):
    out = '<div class="card">'
    # ruleid: python-param-html-injection
    out += "<h2>" + name + "</h2>"
    # ruleid: python-param-html-injection
    out += "<p>%s</p>" % bio
    return out


def render_welcome_safe(username):
    # ok: python-param-html-injection
    return f"<h1>Welcome, {html.escape(username)}!</h1>"


def render_comments_safe(comments):
    # ok: python-param-html-injection
    return "".join("<li>{}: {}</li>".format(escape(c["author"]), escape(c["text"])) for c in comments)


def profile_card_safe(name):
    safe_name = html.escape(name)
    # ok: python-param-html-injection
    return "<h2>" + safe_name + "</h2>"


def greeting(name):
    # plain text, no markup
    # ok: python-param-html-injection
    return f"Hello, {name}!"


def page_count(count: int):
    # ok: python-param-html-injection
    return f"<span>{int(count)} pages</span>"
