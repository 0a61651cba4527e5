import defusedxml.ElementTree as ET


def parse_config_xml(xml_text: str) -> dict:
    """Parse <config><item key="..">value</item></config> into a dict."""
    root = ET.fromstring(xml_text)
    return {item.get("key"): (item.text or "") for item in root.findall("item")}
