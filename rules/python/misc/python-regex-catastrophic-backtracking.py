import re

# ruleid: python-regex-catastrophic-backtracking
NESTED = re.compile(r"^(a+)+$")
# ruleid: python-regex-catastrophic-backtracking
STARS = re.compile(r"(x*)*y")


def validate_sentence(text):
    # ruleid: python-regex-catastrophic-backtracking
    return re.match(r"^(\w+\s?)+$", text) is not None


def has_many_commas(text):
    # ruleid: python-regex-catastrophic-backtracking
    return bool(re.search(r"(.*,){10}", text))


def alternation(text):
    # ruleid: python-regex-catastrophic-backtracking
    return re.fullmatch(r"(a|aa)+", text)


def strip_blocks(text):
    # ruleid: python-regex-catastrophic-backtracking
    return re.sub(r"/\*(.|\s)*\*/", "", text)


def valid_email(addr):
    # ruleid: python-regex-catastrophic-backtracking
    return re.match(r"^([a-zA-Z0-9_\-\.]+)*@example\.com$", addr)


def words(text):
    # ruleid: python-regex-catastrophic-backtracking
    return re.findall(r"(?:[a-z]+\d*)+", text)


def list_items(text):
    # ruleid: python-regex-catastrophic-backtracking
    return re.split(r"(\s*,\s*)+", text)


EMAIL = re.compile(r"^[\w.+-]+@([\w-]+\.)+[\w-]{2,}$")


def ok_cases(text):
    # ok: python-regex-catastrophic-backtracking
    a = re.match(r"^[\w.+-]+@([\w-]+\.)+[\w-]{2,}$", text)
    # ok: python-regex-catastrophic-backtracking
    b = re.match(r"^(\d{1,3}\.){3}\d{1,3}$", text)
    # ok: python-regex-catastrophic-backtracking
    c = re.findall(r"(\d+)-(\d+)", text)
    # ok: python-regex-catastrophic-backtracking
    d = re.sub(r"\s+", " ", text)
    # ok: python-regex-catastrophic-backtracking
    e = re.search(r"\*\*(.+?)\*\*", text)
    # ok: python-regex-catastrophic-backtracking
    f = re.match(r"^(\w+\s)+$", text)
    # ok: python-regex-catastrophic-backtracking
    g = re.compile(r"^\+?1?\d{9,15}$")
    # ok: python-regex-catastrophic-backtracking
    h = re.match(r"(\d+,)*\d+", text)
    # ok: python-regex-catastrophic-backtracking
    i = re.search(r"(.*)?end", text)
    # ok: python-regex-catastrophic-backtracking
    j = re.sub(r"\((.*?)\)", "", text)
    # ok: python-regex-catastrophic-backtracking
    k = re.compile(r"(\d+)\.(\d+)\.(\d+)")
    # ok: python-regex-catastrophic-backtracking
    m = re.compile(r"^(?P<key>\w+)=(?P<value>.*)$")
    return a, b, c, d, e, f, g, h, i, j, k, m


def literal_plus(text):
    # ok: python-regex-catastrophic-backtracking
    return re.findall(r"(\d\+)+", text)


def non_raw(text):
    # ruleid: python-regex-catastrophic-backtracking
    return re.match("^(\\w+\\s?)+$", text)


def quoted_strings(text):
    # ok: python-regex-catastrophic-backtracking
    return re.findall(r"'([^'\\]*(?:\\.[^'\\]*)*)'", text)


def bounded_groups(text):
    # ok: python-regex-catastrophic-backtracking
    return re.match(r"^([\da-f]{0,4}:?){1,6}$", text)


def slug_ok(slug):
    # ruleid: python-regex-catastrophic-backtracking
    return re.fullmatch(r"^(\w+(-\w+)*)+$", slug) is not None


def dotted_name(name):
    # ok: python-regex-catastrophic-backtracking
    return re.fullmatch(r"^([a-z_]\w*)(\.[a-z_]\w*)*$", name) is not None
