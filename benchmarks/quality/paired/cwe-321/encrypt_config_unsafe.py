from cryptography.fernet import Fernet


def encrypt_config(config_text: str) -> bytes:
    """Encrypt configuration text with the application key."""
    key = b"ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="
    return Fernet(key).encrypt(config_text.encode())
