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
