# scenario: 19 prng-seed-management
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Password-reset tokens from a PRNG seeded with a constant.
import random

random.seed(12345)
print("".join(random.choice("abcdef0123456789") for _ in range(16)))
