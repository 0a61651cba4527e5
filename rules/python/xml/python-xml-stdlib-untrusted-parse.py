import xml.dom.minidom
import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import pulldom
from xml.dom.minidom import parseString

import defusedxml.ElementTree as DET
import defusedxml.minidom
from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    # ruleid: python-xml-stdlib-untrusted-parse
    root = ET.fromstring(request.data)
    return {"items": len(root.findall("item"))}


def load_config(path):
    # ruleid: python-xml-stdlib-untrusted-parse
    tree = ET.parse(path)
    return {child.tag: child.text for child in tree.getroot()}


def count_nodes(xml_text):
    # ruleid: python-xml-stdlib-untrusted-parse
    doc = parseString(xml_text)
    return len(doc.getElementsByTagName("node"))


def pretty(xml_bytes):
    # ruleid: python-xml-stdlib-untrusted-parse
    return xml.dom.minidom.parseString(xml_bytes).toprettyxml()


def stream(path, handler):
    # ruleid: python-xml-stdlib-untrusted-parse
    xml.sax.parse(path, handler)


def events(data):
    # ruleid: python-xml-stdlib-untrusted-parse
    for event, node in pulldom.parseString(data):
        yield event, node


def big_file(path):
    # ruleid: python-xml-stdlib-untrusted-parse
    for _, elem in ET.iterparse(path):
        elem.clear()


def safe_upload(data):
    # ok: python-xml-stdlib-untrusted-parse
    root = DET.fromstring(data)
    # ok: python-xml-stdlib-untrusted-parse
    doc = defusedxml.minidom.parseString(data)
    return root, doc


def literal_template():
    # ok: python-xml-stdlib-untrusted-parse
    root = ET.fromstring("<config><debug>false</debug></config>")
    return root


def build(items):
    root = ET.Element("items")
    for item in items:
        ET.SubElement(root, "item").text = str(item)
    # ok: python-xml-stdlib-untrusted-parse
    return ET.tostring(root)
