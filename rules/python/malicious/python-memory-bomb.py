import collections
import itertools
import os


def eat():
    data = []
    while True:
        # ruleid: python-memory-bomb
        data.append(" " * 10**8)


def eat2():
    hog = []
    for _ in itertools.count():
        # ruleid: python-memory-bomb
        hog.append(bytearray(512 * 1024 * 1024))


def eat3():
    blob = b""
    while 1:
        # ruleid: python-memory-bomb
        blob += b"x" * 100000000


def eat4():
    store = {}
    i = 0
    while True:
        i += 1
        # ruleid: python-memory-bomb
        store[i] = os.urandom(10**7)


def read_lines(f):
    lines = []
    while True:
        line = f.readline()
        if not line:
            break
        # ok: python-memory-bomb
        lines.append(line)


def big_buffer():
    # One allocation, not a loop.
    # ok: python-memory-bomb
    buf = bytearray(10**8)
    return buf


def rolling(sensor):
    window = collections.deque(maxlen=100)
    while True:
        # ok: python-memory-bomb
        window.append(sensor.read())
