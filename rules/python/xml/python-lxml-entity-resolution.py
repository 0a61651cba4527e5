from lxml import etree


def parse_upload(data):
    # ruleid: python-lxml-entity-resolution
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: python-lxml-entity-resolution
    return etree.fromstring(data, parser)


def parse_default_parser(path):
    # ruleid: python-lxml-entity-resolution
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.parse(path, parser)


def parse_with_dtd(path):
    # ruleid: python-lxml-entity-resolution
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    return etree.parse(path, parser=parser)


def parse_safely(data):
    # ok: python-lxml-entity-resolution
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: python-lxml-entity-resolution
    return etree.fromstring(data, parser)


def parse_safely_kw(path):
    # ok: python-lxml-entity-resolution
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    # ok: python-lxml-entity-resolution
    return etree.parse(path, parser=parser)


def html_page(text):
    # ok: python-lxml-entity-resolution
    return etree.HTML(text)
