def profile_card(name: str, bio: str, website: str) -> str:
    """Build the HTML snippet of a user's profile card."""
    html_out = '<div class="card">'
    html_out += "<h2>" + name + "</h2>"
    html_out += "<p>" + bio + "</p>"
    html_out += '<a href="' + website + '">website</a>'
    html_out += "</div>"
    return html_out
