import os
import tempfile
from tempfile import mktemp


def write_report(data):
    # ruleid: python-tempfile-mktemp
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as fh:
        fh.write(data)
    return path


def scratch():
    # ruleid: python-tempfile-mktemp
    return mktemp()


def safe_report(data):
    # ok: python-tempfile-mktemp
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w") as fh:
        fh.write(data)
    return path


def safe_named(data):
    # ok: python-tempfile-mktemp
    with tempfile.NamedTemporaryFile("w", delete=False) as fh:
        fh.write(data)
        return fh.name


def safe_dir():
    # ok: python-tempfile-mktemp
    return tempfile.mkdtemp()
