# scenario: 15 regular-expression-in-ip-validation
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Dots left unescaped: any character passes as a separator.
import re


def is_valid_ip(ip):
    return re.match(r"^[0-9]{1,3}.[0-9]{1,3}.[0-9]{1,3}.[0-9]{1,3}", ip) is not None


print(is_valid_ip("10a0b0c1"), is_valid_ip("300.1.1.1"))
