import base64
import ctypes
import json

import win32crypt
from Crypto.Cipher import AES


def master_key(local_state_path):
    with open(local_state_path) as f:
        key = base64.b64decode(json.load(f)["os_crypt"]["encrypted_key"])[5:]
    # ruleid: python-dpapi-unprotect-data
    return win32crypt.CryptUnprotectData(key, None, None, None, 0)[1]


def unprotect_raw(blob_in, blob_out):
    # ruleid: python-dpapi-unprotect-data
    ok = ctypes.windll.crypt32.CryptUnprotectData(ctypes.byref(blob_in), None, None, None, None, 0, ctypes.byref(blob_out))
    return ok


def protect(secret):
    # ok: python-dpapi-unprotect-data
    return win32crypt.CryptProtectData(secret, "app secret", None, None, None, 0)


def decrypt_own(key, nonce, data):
    # ok: python-dpapi-unprotect-data
    return AES.new(key, AES.MODE_GCM, nonce=nonce).decrypt(data)
