def render_comments(comments: list[dict]) -> str:
    """Render a list of {"author", "text"} comments as an HTML list."""
    items = []
    for comment in comments:
        items.append("<li><b>{}</b>: {}</li>".format(comment["author"], comment["text"]))
    return "<ul class=\"comments\">" + "".join(items) + "</ul>"
