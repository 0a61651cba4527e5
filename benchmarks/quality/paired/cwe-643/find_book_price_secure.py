import xml.etree.ElementTree as ET


def find_book_price(catalog_xml: str, title: str) -> float | None:
    """Return the price of the book with this title in the catalog, if any."""
    root = ET.fromstring(catalog_xml)
    for book in root.iter("book"):
        if book.findtext("title") == title:
            return float(book.findtext("price", "0"))
    return None
