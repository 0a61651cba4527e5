import html


def profile_card(name: str, bio: str, website: str) -> str:
    """Build the HTML snippet of a user's profile card."""
    safe_name = html.escape(name)
    safe_bio = html.escape(bio)
    safe_site = html.escape(website, quote=True)
    html_out = '<div class="card">'
    html_out += "<h2>" + safe_name + "</h2>"
    html_out += "<p>" + safe_bio + "</p>"
    html_out += '<a href="' + safe_site + '">website</a>'
    html_out += "</div>"
    return html_out
