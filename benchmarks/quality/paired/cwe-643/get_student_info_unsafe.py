from lxml import etree


def get_student_info(xml_data: str, username: str, password: str) -> dict | None:
    """Find the student with these credentials in the XML roster and return their details."""
    root = etree.fromstring(xml_data.encode(), parser=etree.XMLParser(resolve_entities=False))
    query = f"//student[username='{username}' and password='{password}']"
    matches = root.xpath(query)
    if not matches:
        return None
    student = matches[0]
    return {"name": student.findtext("name"), "age": student.findtext("age"), "citizenship": student.findtext("citizenship")}
