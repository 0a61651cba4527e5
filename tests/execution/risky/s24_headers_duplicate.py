# scenario: 24 duplicate-key-in-associative-list
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Headers kept as pairs: two Content-Length values, each consumer picks a different one.
headers = [("Content-Length", "10"), ("Host", "a"), ("Content-Length", "1000")]
first = next(v for k, v in headers if k == "Content-Length")
last = dict(headers)["Content-Length"]
print(first, last)
