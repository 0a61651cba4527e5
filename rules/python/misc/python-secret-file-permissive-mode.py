import os
import stat
from pathlib import Path


def save_secret_file(directory, filename, content):
    path = os.path.join(directory, filename)
    with open(path, "w") as f:
        f.write(content)
    # ruleid: python-secret-file-permissive-mode
    os.chmod(path, 0o644)


def write_private_key(key_path, pem):
    # ruleid: python-secret-file-permissive-mode
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def store(token_file):
    # ruleid: python-secret-file-permissive-mode
    Path(token_file).chmod(stat.S_IRUSR | stat.S_IWUSR | stat.S_IROTH)


def save_secret_ok(directory, filename, content):
    path = os.path.join(directory, filename)
    # ok: python-secret-file-permissive-mode
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(content)


def make_executable(script_path):
    # ok: python-secret-file-permissive-mode
    os.chmod(script_path, 0o755)


def write_private_key_ok(key_path, pem):
    path = Path(key_path)
    # ok: python-secret-file-permissive-mode
    path.touch(mode=0o600, exist_ok=False)
    path.write_bytes(pem)
