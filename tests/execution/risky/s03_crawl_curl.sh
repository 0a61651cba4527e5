# scenario: 03 crawl-a-risky-website
# expect: network.egress network.dns
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Pulls a page from a suspicious host with curl.
curl -s -m 3 http://darkmarket.example.onion.ws/ | head -c 300 || echo "no page"
