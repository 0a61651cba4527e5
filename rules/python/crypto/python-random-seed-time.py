import datetime
import os
import random
import time

import numpy as np


def make_session_id():
    # ruleid: python-random-seed-time
    random.seed(time.time())
    return "%016x" % random.getrandbits(64)


def init_rng():
    # ruleid: python-random-seed-time
    random.seed(int(time.time() * 1000))


def today_rng():
    # ruleid: python-random-seed-time
    return random.Random(datetime.datetime.now().timestamp())


def numpy_seed():
    # ruleid: python-random-seed-time
    np.random.seed(int(time.time()))


def seed_var():
    seed = int(time.time()) ^ os.getpid()
    # ruleid: python-random-seed-time
    random.seed(seed)
    return random.random()


def reproducible():
    # ok: python-random-seed-time
    random.seed(42)
    # ok: python-random-seed-time
    rng = np.random.default_rng(1234)
    # ok: python-random-seed-time
    random.seed()
    # ok: python-random-seed-time
    other = random.Random(os.urandom(16))
    start = time.time()
    # ok: python-random-seed-time
    random.seed(args_seed := 7)
    return rng, other, start, args_seed


class Lottery:
    def __init__(self):
        # ruleid: python-random-seed-time
        self.rng = random.Random(time.time_ns())

    def draw_ticket_code(self):
        return "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))


def fragment_seed():
    # ruleid: python-random-seed-time
    random.seed(datetime.now().timestamp())


def simulation(seed=None):
    # ok: python-random-seed-time
    rng = random.Random(seed)
    # ok: python-random-seed-time
    np.random.seed(int(os.environ.get("SEED", "0")))
    elapsed = time.perf_counter()
    return rng.random(), elapsed
