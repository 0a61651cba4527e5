# scenario: 19 prng-seed-management
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A key derived from a PRNG seeded with the current second.
import random
import time

random.seed(int(time.time()))
print(bytes(random.getrandbits(8) for _ in range(16)).hex())
