from lxml import etree


def read_invoice_total(xml_bytes: bytes) -> float:
    """Sum the <amount> elements of an uploaded invoice."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml_bytes, parser)
    return sum(float(a.text) for a in root.iter("amount"))
