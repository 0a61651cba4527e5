# scenario: 15 regular-expression-in-ip-validation
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# An IP check whose regex is neither anchored nor range-limited.
import re

IP = re.compile(r"\d+\.\d+\.\d+\.\d+")
for candidate in ("192.168.1.1", "999.999.999.999", "1.2.3.4; rm -rf /"):
    print(candidate, "valid" if IP.search(candidate) else "invalid")
