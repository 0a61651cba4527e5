import xml.sax
from xml.sax.handler import feature_external_ges, feature_namespaces


class CountHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


def count_elements(path):
    parser = xml.sax.make_parser()
    # ruleid: python-sax-external-entities-enabled
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    handler = CountHandler()
    parser.setContentHandler(handler)
    parser.parse(path)
    return handler.count


def with_imported_name(path):
    parser = xml.sax.make_parser()
    # ruleid: python-sax-external-entities-enabled
    parser.setFeature(feature_external_ges, 1)
    # ruleid: python-sax-external-entities-enabled
    parser.setFeature("http://xml.org/sax/features/external-parameter-entities", True)
    parser.parse(path)


def hardened(path):
    parser = xml.sax.make_parser()
    # ok: python-sax-external-entities-enabled
    parser.setFeature(feature_external_ges, False)
    # ok: python-sax-external-entities-enabled
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    # ok: python-sax-external-entities-enabled
    parser.setFeature(feature_namespaces, True)
    parser.parse(path)
