import random
import secrets
import string
from random import choice

import numpy as np


def generate_password(length=12):
    chars = string.ascii_letters + string.digits + string.punctuation
    # ruleid: python-insecure-random-secret
    return "".join(random.choice(chars) for _ in range(length))


def create_reset_token():
    # ruleid: python-insecure-random-secret
    return "%032x" % random.getrandbits(128)


def send_otp(user):
    # ruleid: python-insecure-random-secret
    otp = random.randint(100000, 999999)
    user.send_sms(f"Your code is {otp}")


def new_user(name):
    # ruleid: python-insecure-random-secret
    salt = "".join(choice(string.hexdigits) for _ in range(16))
    # ruleid: python-insecure-random-secret
    return {"name": name, "api_key": "".join(random.choices(string.ascii_letters, k=32))}


class Session:
    def __init__(self):
        # ruleid: python-insecure-random-secret
        self.session_id = str(random.random())[2:]


def issue(client):
    # ruleid: python-insecure-random-secret
    client.set_cookie("sid", value="x", csrf_token=str(random.randint(0, 10**9)))


def gen_nonce():
    # ruleid: python-insecure-random-secret
    return bytes(np.random.randint(0, 256, 12, dtype=np.uint8))


def roll_dice():
    # ok: python-insecure-random-secret
    return random.randint(1, 6)


def simulate(n):
    # ok: python-insecure-random-secret
    samples = [random.gauss(0, 1) for _ in range(n)]
    deck = list(range(52))
    # ok: python-insecure-random-secret
    random.shuffle(deck)
    # ok: python-insecure-random-secret
    key = random.choice(["up", "down", "left", "right"])
    return samples, deck, key


def good_token():
    # ok: python-insecure-random-secret
    token = secrets.token_urlsafe(32)
    # ok: python-insecure-random-secret
    password = "".join(secrets.choice(string.ascii_letters) for _ in range(16))
    # ok: python-insecure-random-secret
    salt = random.SystemRandom().choice(string.hexdigits)
    return token, password, salt


def tokenize_with_dropout(tokens):
    # ok: python-insecure-random-secret
    return [t for t in tokens if random.random() > 0.1]


def split_data(rows):
    # ok: python-insecure-random-secret
    train = random.sample(rows, k=len(rows) // 2)
    return train


def mask(tokens, vocab):
    # ok: python-insecure-random-secret
    masked_tokens = random.sample(tokens, 3)
    # ok: python-insecure-random-secret
    max_tokens = random.randint(16, 64)
    return masked_tokens, max_tokens


class OTPService:
    def __init__(self, sms):
        self.sms = sms
        self.pending = {}

    def send(self, phone):
        # neither returned by a secret-named helper nor stored under a secret's name: python-insecure-random-secret-context
        # ok: python-insecure-random-secret
        code = str(random.randint(100000, 999999))
        self.pending[phone] = code
        self.sms.send(phone, f"Your login code: {code}")


def gen_iv():
    # ruleid: python-insecure-random-secret
    return bytes(random.getrandbits(8) for _ in range(16))


def sample_next(logits):
    # ok: python-insecure-random-secret
    token_id = random.choices(range(len(logits)), weights=logits)[0]
    # ok: python-insecure-random-secret
    next_token = random.choice(list(logits))
    return token_id, next_token


def sample_tokens(vocab, n):
    # ok: python-insecure-random-secret
    return random.sample(vocab, n)


def footprint_jitter(points):
    # ok: python-insecure-random-secret
    return [p + random.uniform(-0.5, 0.5) for p in points]


class RetryPolicy:
    def delay(self, attempt):
        # ok: python-insecure-random-secret
        return random.uniform(0, 2 ** attempt)


def _make_boundary(text=None):
    # ok: python-insecure-random-secret
    token = random.randrange(2**63)
    return "=" * 15 + str(token) + "=="
