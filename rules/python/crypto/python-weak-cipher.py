import os

import pyDes
from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


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


def legacy(key, data):
    # ruleid: python-weak-cipher
    return pyDes.triple_des(key).encrypt(data, padmode=pyDes.PAD_PKCS5)


def good(key, data):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    nonce = os.urandom(12)
    # ok: python-weak-cipher
    ct = AESGCM(key).encrypt(nonce, data, None)
    # ok: python-weak-cipher
    gcm = AES.new(key, AES.MODE_GCM)
    # ok: python-weak-cipher
    enc = Cipher(algorithms.AES(key), modes.CTR(nonce + b"\0" * 4)).encryptor()
    return ct, gcm, enc
