from lxml import etree


def find_book_price(catalog_xml: str, title: str) -> float | None:
    """Return the price of the book with this title in the catalog, if any."""
    tree = etree.fromstring(catalog_xml.encode())
    prices = tree.xpath("/catalog/book[title='" + title + "']/price/text()")
    return float(prices[0]) if prices else None
