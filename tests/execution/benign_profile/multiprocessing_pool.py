# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Squares numbers in a process pool.
from multiprocessing import Pool


def square(n):
    return n * n


if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(square, range(10)))
