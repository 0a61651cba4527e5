import re


def set_language_header(headers, language):
    # ruleid: python-param-header-injection
    headers["Content-Language"] = language
    return headers


def redirect_lines(location):
    # ruleid: python-param-header-injection
    return ["HTTP/1.1 302 Found", "Location: " + location, ""]


def add_disposition(response, filename):
    # ruleid: python-param-header-injection
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"


def set_language_header_clean(headers, language):
    # ok: python-param-header-injection
    headers["Content-Language"] = language.replace("\r", "").replace("\n", "")


def store_info(info_content, header):
    value = re.sub(r"[\r\n]", "", info_content)
    # ok: python-param-header-injection
    header["Accept-Language"] = value


def redirect_checked(location):
    if "\r" in location or "\n" in location:
        raise ValueError("bad location")
    # ok: python-param-header-injection
    return ["HTTP/1.1 302 Found", "Location: " + location, ""]


def api_client_headers(token):
    headers = {}
    # ok: python-param-header-injection
    headers["Authorization"] = f"Bearer {token}"
    return headers


def store_item(cache, key, value):
    # ok: python-param-header-injection
    cache[key] = value
