# scenario: 24 duplicate-key-in-associative-list
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# An association list with a duplicated key: lookup returns the first, the update is lost.
alist = [("role", "user"), ("name", "bob"), ("role", "admin")]


def lookup(key):
    return next(v for k, v in alist if k == key)


print(lookup("role"), dict(alist)["role"])
