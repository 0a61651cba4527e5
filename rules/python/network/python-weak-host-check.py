from urllib.parse import urlparse


def is_allowed(target, domain):
    host = urlparse(target).netloc
    # ruleid: python-weak-host-check
    return host.endswith(domain)


def is_ours(url):
    hostname = urlparse(url).hostname or ""
    # ruleid: python-weak-host-check
    return hostname.endswith("example.com")


def is_trusted_origin(origin):
    # ruleid: python-weak-host-check
    return "example.com" in origin


def is_internal(url):
    # ruleid: python-weak-host-check
    return url.startswith("https://intranet.example.com")


def is_allowed_ok(target, domain):
    host = urlparse(target).hostname or ""
    # ok: python-weak-host-check
    return host == domain or host.endswith("." + domain)


def is_ours_ok(url):
    hostname = urlparse(url).hostname or ""
    # ok: python-weak-host-check
    return hostname == "example.com" or hostname.endswith(".example.com")


def is_internal_ok(url):
    # ok: python-weak-host-check
    return url.startswith("https://intranet.example.com/")


def is_python(filename):
    # ok: python-weak-host-check
    return filename.endswith(".py")


ALLOWED_HOSTS = {"example.com"}


def listed(host):
    # ok: python-weak-host-check
    return host in ALLOWED_HOSTS
