from lxml import etree


def get_student(xml_data, username, password):
    root = etree.fromstring(xml_data)
    query = f"//student[username='{username}' and password='{password}']"
    # ruleid: python-param-xpath-injection
    return root.xpath(query)


def book_price(catalog, title):
    tree = etree.fromstring(catalog)
    # ruleid: python-param-xpath-injection
    return tree.xpath("/catalog/book[title='" + title + "']/price/text()")


def find_item(root, item_id):
    # ruleid: python-param-xpath-injection
    return root.findall(".//item[@id='%s']" % item_id)


def get_student_safe(xml_data, username, password):
    root = etree.fromstring(xml_data)
    # ok: python-param-xpath-injection
    return root.xpath("//student[username=$u and password=$p]", u=username, p=password)


def children(root, tag):
    # a bare tag name is not built into an expression
    # ok: python-param-xpath-injection
    return root.findall(tag)


def item_by_index(root, index):
    # ok: python-param-xpath-injection
    return root.xpath("//item[%d]" % int(index))


def has_tag(content, tag):
    # ok: python-param-xpath-injection
    return content.find(f"<{tag}>") >= 0
