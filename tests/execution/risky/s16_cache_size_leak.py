# scenario: 16 side-channel-information-leakage
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Compress-then-encrypt: the length of the output reveals whether a guess matches the secret.
import zlib

SECRET = "session=ab12cd34"
for guess in ("session=ab", "session=zz"):
    print(guess, len(zlib.compress((SECRET + guess).encode())))
