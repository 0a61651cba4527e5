import os

import pyaes
from Crypto.Cipher import AES, DES
from Crypto.Util.Padding import pad
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers import modes as cipher_modes


def encrypt(key, plaintext):
    # ruleid: python-aes-ecb-mode
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(pad(plaintext, AES.block_size))


def encrypt_kw(key, data):
    # ruleid: python-aes-ecb-mode
    return AES.new(key, mode=AES.MODE_ECB).encrypt(data)


def hazmat(key, data):
    # ruleid: python-aes-ecb-mode
    enc = Cipher(algorithms.AES(key), cipher_modes.ECB()).encryptor()
    return enc.update(data) + enc.finalize()


def old_pycrypto(key, data):
    # ruleid: python-aes-ecb-mode
    return AES.new(key).encrypt(data)


def pure(key, block):
    # ruleid: python-aes-ecb-mode
    return pyaes.AESModeOfOperationECB(key).encrypt(block)


def good(key, data):
    # ok: python-aes-ecb-mode
    gcm = AES.new(key, AES.MODE_GCM)
    ct, tag = gcm.encrypt_and_digest(data)
    iv = os.urandom(16)
    # ok: python-aes-ecb-mode
    cbc = Cipher(algorithms.AES(key), cipher_modes.CBC(iv)).encryptor()
    # ok: python-aes-ecb-mode
    ctr = AES.new(key, AES.MODE_CTR, nonce=os.urandom(8))
    return ct, tag, cbc, ctr


class Storage:
    def __init__(self, key):
        self.key = key

    def encrypt_field(self, value: bytes) -> str:
        # ruleid: python-aes-ecb-mode
        cipher = AES.new(self.key, AES.MODE_ECB)
        return cipher.encrypt(pad(value, AES.block_size)).hex()


def des_ecb(key, block):
    # ruleid: python-aes-ecb-mode
    return DES.new(key, mode=DES.MODE_ECB).encrypt(block)


# A pasted fragment: the answer used these names without importing them.
def fragment(key, data):
    # ruleid: python-aes-ecb-mode
    enc = Cipher(algorithms.AES(key), modes.ECB(), backend=default_backend()).encryptor()
    return enc.update(data)


def not_ecb(key, data, iv):
    # ok: python-aes-ecb-mode
    cbc = AES.new(key, AES.MODE_CBC, iv)
    # ok: python-aes-ecb-mode
    eax = AES.new(key, mode=AES.MODE_EAX)
    # ok: python-aes-ecb-mode
    name = "MODE_ECB"
    return cbc.encrypt(data), eax, name
