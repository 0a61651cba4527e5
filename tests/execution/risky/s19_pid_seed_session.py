# scenario: 19 prng-seed-management
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Session ids seeded from the process id: a few thousand guesses recover them.
import os
import random

rng = random.Random(os.getpid())
print([rng.randint(0, 2**32) for _ in range(3)])
