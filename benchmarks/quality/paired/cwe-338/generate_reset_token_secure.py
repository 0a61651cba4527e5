import secrets
import string


def generate_reset_token(length: int = 32) -> str:
    """Generate a password-reset token of the given length."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))
