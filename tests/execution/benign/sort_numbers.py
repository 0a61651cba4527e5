# expect: clean
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
import random

values = [random.randint(0, 1000) for _ in range(1000)]
assert sorted(values) == sorted(values, key=int)
print(sorted(values)[:5])
