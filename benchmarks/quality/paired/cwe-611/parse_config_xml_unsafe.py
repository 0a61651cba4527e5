from lxml import etree


def parse_config_xml(xml_text: str) -> dict:
    """Parse <config><item key="..">value</item></config> into a dict."""
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    root = etree.fromstring(xml_text.encode(), parser)
    return {item.get("key"): (item.text or "") for item in root.findall("item")}
