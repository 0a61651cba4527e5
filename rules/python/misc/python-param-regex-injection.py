import re


def highlight_keyword(keyword, text):
    # ruleid: python-param-regex-injection
    regex = re.compile("(" + keyword + ")", re.IGNORECASE)
    return regex.sub(r"<mark>\1</mark>", text)


def contains_word(word, content):
    # ruleid: python-param-regex-injection
    return re.search(rf"\b{word}\b", content) is not None


def search_text(query, content):
    # ruleid: python-param-regex-injection
    return re.search(query, content) is not None


def highlight_escaped(keyword, text):
    # ok: python-param-regex-injection
    regex = re.compile("(" + re.escape(keyword) + ")", re.IGNORECASE)
    return regex.sub(r"<mark>\1</mark>", text)


def find_all(pattern, text):
    # a function taking a regex by name is a regex utility
    # ok: python-param-regex-injection
    return re.findall(pattern, text)


def split_fields(line):
    # ok: python-param-regex-injection
    return re.split(r"\s*,\s*", line)


def match_argument(parser, action, arg_strings_pattern):
    nargs_pattern = parser.get_nargs_pattern(action)
    # ok: python-param-regex-injection
    return re.match(nargs_pattern, arg_strings_pattern)
