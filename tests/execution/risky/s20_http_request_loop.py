# scenario: 20 amplification
# expect: network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Hammers a web site with parallel requests.
from concurrent.futures import ThreadPoolExecutor

import requests


def hit(i):
    try:
        return requests.get("http://target.example-shop.com/search?q=" + "a" * 500, timeout=2).status_code
    except requests.RequestException as exc:
        return type(exc).__name__


with ThreadPoolExecutor(8) as pool:
    print(list(pool.map(hit, range(40)))[:5])
