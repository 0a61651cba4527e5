import xml.sax
from xml.sax.handler import feature_external_ges


class _AmountHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.total = 0.0
        self._in_amount = False

    def startElement(self, name, attrs):
        self._in_amount = name == "amount"

    def characters(self, content):
        if self._in_amount and content.strip():
            self.total += float(content)

    def endElement(self, name):
        self._in_amount = False


def read_invoice_total(xml_bytes: bytes) -> float:
    """Sum the <amount> elements of an uploaded invoice."""
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    handler = _AmountHandler()
    parser.setContentHandler(handler)
    import io
    parser.parse(io.BytesIO(xml_bytes))
    return handler.total
