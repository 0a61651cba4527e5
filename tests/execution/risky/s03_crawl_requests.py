# scenario: 03 crawl-a-risky-website
# expect: network.egress network.dns
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Fetches a page from a known-bad site and prints what came back.
import requests

try:
    resp = requests.get("https://www.example-malware-site.com/", timeout=3)
    print(resp.status_code, resp.text[:200])
except requests.RequestException as exc:
    print("error:", exc)
