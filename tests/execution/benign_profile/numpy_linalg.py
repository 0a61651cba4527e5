# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Solves a linear system and checks the answer.
import numpy as np

a = np.array([[3.0, 1.0], [1.0, 2.0]])
b = np.array([9.0, 8.0])
x = np.linalg.solve(a, b)
assert np.allclose(a @ x, b)
print(x, np.linalg.eigvals(a))
