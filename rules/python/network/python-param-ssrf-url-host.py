import re
import urllib.request

import requests

_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


def fetch_profile(subdomain, user_id):
    # ruleid: python-param-ssrf-url-host
    return requests.get(f"https://{subdomain}.example.com/users/{user_id}", timeout=5).json()


def fetch_status(host):
    url = "http://" + host + "/status"
    # ruleid: python-param-ssrf-url-host
    return urllib.request.urlopen(url).read()


def fetch_profile_checked(subdomain, user_id):
    if not _LABEL.fullmatch(subdomain):
        raise ValueError("invalid tenant")
    # ok: python-param-ssrf-url-host
    return requests.get(f"https://{subdomain}.example.com/users/{user_id}", timeout=5).json()


def fetch_user(user_id):
    # the parameter only chooses a path on a fixed host
    # ok: python-param-ssrf-url-host
    return requests.get(f"https://api.example.com/users/{user_id}", timeout=5).json()


TENANTS = {"acme", "globex"}


def fetch_tenant(tenant):
    if tenant not in TENANTS:
        raise ValueError("unknown tenant")
    # ok: python-param-ssrf-url-host
    return requests.get(f"https://{tenant}.example.com/health", timeout=5)
