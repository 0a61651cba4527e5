# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# AES-GCM encryption with PyCryptodome.
from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes

key = get_random_bytes(16)
cipher = AES.new(key, AES.MODE_GCM)
ct, tag = cipher.encrypt_and_digest(b"attack at dawn")
plain = AES.new(key, AES.MODE_GCM, nonce=cipher.nonce).decrypt_and_verify(ct, tag)
print(plain)
