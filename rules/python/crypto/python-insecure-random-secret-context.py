import random
import string


class OTPService:
    def __init__(self, sms):
        self.sms = sms
        self.pending = {}

    def send(self, phone):
        # ruleid: python-insecure-random-secret-context
        code = str(random.randint(100000, 999999))
        self.pending[phone] = code
        self.sms.send(phone, f"Your login code: {code}")


def send_otp(user):
    # ruleid: python-insecure-random-secret-context
    digits = [random.choice(string.digits) for _ in range(6)]
    user.send_sms("".join(digits))


def generate_password(length=12):
    chars = string.ascii_letters + string.digits
    # ruleid: python-insecure-random-secret-context
    return "".join(random.choice(chars) for _ in range(length))


def roll_dice():
    # ok: python-insecure-random-secret-context
    return random.randint(1, 6)


class RetryPolicy:
    def delay(self, attempt):
        # ok: python-insecure-random-secret-context
        return random.uniform(0, 2 ** attempt)


def tokenize_with_dropout(tokens):
    # ok: python-insecure-random-secret-context
    return [t for t in tokens if random.random() > 0.1]


def new_login_code() -> str:
    # ruleid: python-insecure-random-secret-context
    return str(random.randint(100000, 999999))
