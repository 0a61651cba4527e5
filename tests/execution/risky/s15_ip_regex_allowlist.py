# scenario: 15 regular-expression-in-ip-validation
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# An allow-list for admin access decided by a prefix regex.
import re

ADMIN = re.compile(r"10\.0\.0\.\d")
for client in ("10.0.0.5", "10.0.0.99", "110.0.0.7"):
    print(client, "admin" if ADMIN.search(client) else "user")
