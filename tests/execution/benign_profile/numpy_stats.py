# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Descriptive statistics over a seeded random sample.
import numpy as np

rng = np.random.default_rng(0)
data = rng.normal(10, 2, size=1000)
print(round(data.mean(), 2), round(data.std(), 2), np.percentile(data, [5, 50, 95]).round(2))
