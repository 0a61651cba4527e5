import os
import shutil
import tempfile
from pathlib import Path


def save_upload(name, data):
    # ruleid: python-predictable-temp-path
    with open("/tmp/" + name, "wb") as fh:
        fh.write(data)


def cache_result(key, text):
    # ruleid: python-predictable-temp-path
    with open(f"/tmp/cache_{key}.json", "w") as fh:
        fh.write(text)


def write_pid():
    # ruleid: python-predictable-temp-path
    with open("/tmp/myapp.pid", "w") as fh:
        fh.write(str(os.getpid()))


def dump(report_id, body):
    path = os.path.join("/tmp", f"report-{report_id}.txt")
    # ruleid: python-predictable-temp-path
    Path(os.path.join("/tmp", "latest.txt")).write_text(body)
    return path


def export(df):
    # ruleid: python-predictable-temp-path
    df.to_csv("/tmp/export.csv", index=False)


def read_existing():
    # ok: python-predictable-temp-path
    with open("/tmp/input.txt") as fh:
        return fh.read()


def read_existing_mode():
    # ok: python-predictable-temp-path
    with open("/tmp/input.txt", "r") as fh:
        return fh.read()


def safe_save(data):
    # ok: python-predictable-temp-path
    with tempfile.NamedTemporaryFile("wb", delete=False) as fh:
        fh.write(data)
        return fh.name


def safe_dir(data):
    with tempfile.TemporaryDirectory() as tmp:
        # ok: python-predictable-temp-path
        with open(os.path.join(tmp, "data.bin"), "wb") as fh:
            fh.write(data)


def tmpl_dir(name, text):
    # ok: python-predictable-temp-path
    with open("/tmpl/" + name, "w") as fh:
        fh.write(text)


def project_file(text):
    # ok: python-predictable-temp-path
    with open("output/tmp_results.txt", "w") as fh:
        fh.write(text)


STATE_FILE = "/tmp/sync_state.json"


def save_state(text):
    # ruleid: python-predictable-temp-path
    with open(STATE_FILE, "w") as fh:
        fh.write(text)


def write_lock(job):
    lock = "/tmp/" + job + ".lock"
    if os.path.exists(lock):
        return None
    # ruleid: python-predictable-temp-path
    with open(lock, "w") as fh:
        fh.write(str(os.getpid()))
    return lock


def load_state():
    path = "/tmp/sync_state.json"
    # ok: python-predictable-temp-path
    with open(path) as fh:
        return fh.read()
