from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def write_private_key(key_path: str) -> None:
    """Generate an RSA key pair and store the private key as PEM at key_path."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = Path(key_path)
    path.touch(mode=0o600, exist_ok=False)
    path.write_bytes(pem)
