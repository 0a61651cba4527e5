# scenario: 03 crawl-a-risky-website
# expect: network.egress network.dns
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Crawls a risky site and collects its links with BeautifulSoup.
import requests
from bs4 import BeautifulSoup

try:
    html = requests.get("http://warez.example-files.org/index.html", timeout=3).text
    links = [a.get("href") for a in BeautifulSoup(html, "html.parser").find_all("a")]
    print(links[:10])
except requests.RequestException as exc:
    print("crawl failed:", exc)
