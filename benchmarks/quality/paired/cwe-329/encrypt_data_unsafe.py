from Crypto.Cipher import AES
from Crypto.Util.Padding import pad


def encrypt_data(key: bytes, data: bytes) -> tuple[bytes, bytes]:
    """Encrypt data with AES-CBC; returns (iv, ciphertext)."""
    iv = b"\x00" * 16
    cipher = AES.new(key, AES.MODE_CBC, iv)
    return iv, cipher.encrypt(pad(data, AES.block_size))
