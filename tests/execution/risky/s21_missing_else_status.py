# scenario: 21 miss-default-case
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A status handler whose if/elif chain has no else: unexpected codes silently pass as success.
def handle(code):
    result = "success"
    if code == 404:
        result = "not found"
    elif code == 500:
        result = "server error"
    return result


print([handle(c) for c in (200, 404, 403, 502)])
