# scenario: 03 crawl-a-risky-website
# expect: network.egress network.dns
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Visits a list of risky URLs one after the other.
import urllib.request

urls = ["http://free-crack-downloads.example.biz/", "http://phishing-bank-login.example.net/login"]
for url in urls:
    try:
        with urllib.request.urlopen(url, timeout=2) as page:
            print(url, page.status, len(page.read()))
    except Exception as exc:
        print(url, "failed:", exc)
