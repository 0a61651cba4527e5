import base64
import os

import pyDes
from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from Cryptodome.Cipher import DES3 as DomeDES3
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305


def encrypt_des(key, data):
    # ruleid: python-weak-cipher
    cipher = DES.new(key, DES.MODE_CBC, iv=os.urandom(8))
    return cipher.encrypt(data)


def encrypt_3des(key, data):
    # ruleid: python-weak-cipher
    cipher = DES3.new(key, DES3.MODE_EAX)
    return cipher.encrypt_and_digest(data)


def rc4(key, data):
    # ruleid: python-weak-cipher
    return ARC4.new(key).encrypt(data)


def blowfish(key, data):
    # ruleid: python-weak-cipher
    return Blowfish.new(key, Blowfish.MODE_CBC).encrypt(data)


def hazmat_3des(key, iv, data):
    # ruleid: python-weak-cipher
    enc = Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def hazmat_blowfish(key, iv, data):
    # ruleid: python-weak-cipher
    algo = algorithms.Blowfish(key)
    return Cipher(algo, modes.CBC(iv)).encryptor().update(data)


def legacy(key, data):
    # ruleid: python-weak-cipher
    return pyDes.triple_des(key).encrypt(data, padmode=pyDes.PAD_PKCS5)


class TokenVault:
    def __init__(self, key: bytes):
        self.key = key

    def seal(self, plaintext: bytes) -> bytes:
        # ruleid: python-weak-cipher
        cipher = DomeDES3.new(self.key, DomeDES3.MODE_CFB)
        return cipher.iv + cipher.encrypt(plaintext)


# A pasted fragment: the answer used these names without importing them.
def obfuscate(secret, data):
    # ruleid: python-weak-cipher
    rc2 = ARC2.new(secret, ARC2.MODE_ECB)
    # ruleid: python-weak-cipher
    cast = CAST.new(secret, CAST.MODE_OPENPGP)
    return rc2.encrypt(data), cast.encrypt(data)


def good(key, data):
    nonce = os.urandom(12)
    # ok: python-weak-cipher
    ct = AESGCM(key).encrypt(nonce, data, None)
    # ok: python-weak-cipher
    gcm = AES.new(key, AES.MODE_GCM)
    # ok: python-weak-cipher
    enc = Cipher(algorithms.AES(key), modes.CTR(nonce + b"\0" * 4)).encryptor()
    # ok: python-weak-cipher
    chacha = ChaCha20Poly1305(key).encrypt(nonce, data, None)
    # ok: python-weak-cipher
    token = Fernet(base64.urlsafe_b64encode(key)).encrypt(data)
    return ct, gcm, enc, chacha, token


def describe(cipher_name):
    # ok: python-weak-cipher
    DES_BLOCK_SIZE = 8
    # ok: python-weak-cipher
    label = "DES.new is deprecated; use AES-GCM"
    # ok: python-weak-cipher
    algo = algorithms.AES256(os.urandom(32))
    return DES_BLOCK_SIZE, label, algo, cipher_name
