# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Parses an inline XML document with lxml and queries it with XPath.
from lxml import etree

doc = etree.fromstring(b"<catalog><book id='1'><title>Dune</title><price>9.99</price></book>"
                       b"<book id='2'><title>Emma</title><price>4.50</price></book></catalog>")
print(doc.xpath("//book[price < 5]/title/text()"), [b.get("id") for b in doc.iter("book")])
