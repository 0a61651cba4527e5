import os
import stat
from pathlib import Path


def share_upload_dir(path):
    # ruleid: python-world-writable-permissions
    os.makedirs(path, mode=0o777, exist_ok=True)
    # ruleid: python-world-writable-permissions
    os.chmod(path, 0o777)


def make_log(path):
    # ruleid: python-world-writable-permissions
    os.chmod(path, 0o666)
    # ruleid: python-world-writable-permissions
    Path(path).chmod(0o776)


def create_socket_file(path):
    # ruleid: python-world-writable-permissions
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o777)
    return fd


def symbolic(path):
    # ruleid: python-world-writable-permissions
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IWOTH)
    # ruleid: python-world-writable-permissions
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)


def decimal_mode(path):
    # ruleid: python-world-writable-permissions
    os.chmod(path, 511)


def private_key(path):
    # ok: python-world-writable-permissions
    os.chmod(path, 0o600)
    # ok: python-world-writable-permissions
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def public_dir(path):
    # ok: python-world-writable-permissions
    os.makedirs(path, mode=0o755, exist_ok=True)
    # ok: python-world-writable-permissions
    Path(path).chmod(0o644)
    # ok: python-world-writable-permissions
    os.chmod(path, stat.S_IRWXU | stat.S_IRGRP | stat.S_IROTH)


def script(path):
    st = os.stat(path)
    # ok: python-world-writable-permissions
    os.chmod(path, st.st_mode | stat.S_IEXEC)


def lock_file(path):
    # ok: python-world-writable-permissions
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o666)
