from Crypto.PublicKey import RSA


def create_private_key() -> str:
    """Generate an RSA private key and return it PEM encoded."""
    key = RSA.generate(1024)
    return key.export_key().decode()
