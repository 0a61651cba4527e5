# scenario: 24 duplicate-key-in-associative-list
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A dict literal that names a key twice: the later value silently wins.
config = {"debug": False, "timeout": 30, "debug": True}
print(config)
