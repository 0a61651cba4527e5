# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Extracts a table from an inline HTML string with BeautifulSoup.
from bs4 import BeautifulSoup

html = """<table><tr><th>name</th><th>qty</th></tr>
<tr><td>apple</td><td>3</td></tr><tr><td>pear</td><td>5</td></tr></table>"""
soup = BeautifulSoup(html, "html.parser")
rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.find_all("tr")[1:]]
print(rows)
