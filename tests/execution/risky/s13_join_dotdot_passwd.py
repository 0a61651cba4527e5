# scenario: 13 sensitive-path-traversal
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A file server joins the requested name onto its base directory without checking for "..".
import os

BASE = "/var/www/uploads"


def serve(name):
    with open(os.path.join(BASE, name)) as f:
        return f.read()


print(serve("../../../etc/passwd")[:300])
