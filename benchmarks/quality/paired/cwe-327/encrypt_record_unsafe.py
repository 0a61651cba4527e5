from Crypto.Cipher import DES
from Crypto.Util.Padding import pad


def encrypt_record(key: bytes, record: bytes) -> bytes:
    """Encrypt one database record."""
    cipher = DES.new(key[:8], DES.MODE_ECB)
    return cipher.encrypt(pad(record, DES.block_size))
