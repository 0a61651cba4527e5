import os
import shutil
from pathlib import Path

from werkzeug.utils import secure_filename

BASE = "/srv/files"


def read_user_file(base_dir, filename):
    path = os.path.join(base_dir, filename)
    # ruleid: python-param-path-traversal
    with open(path) as f:
        return f.read()


def save_report(reports_dir: str, report_name: str, content: str):
    target = Path(reports_dir) / report_name
    # ruleid: python-param-path-traversal
    target.write_text(content)


def delete_upload(user_id, name):
    # ruleid: python-param-path-traversal
    os.remove(BASE + "/" + str(user_id) + "/" + name)


def read_template(name):
    # ruleid: python-param-path-traversal
    return open(f"{BASE}/templates/{name}").read()


def copy_out(src_dir, name, dest):
    # ruleid: python-param-path-traversal
    shutil.copy(os.path.join(src_dir, name), dest)


def load_config(path):
    # the caller chose the whole path: not a traversal of a base folder
    # ok: python-param-path-traversal
    with open(path) as f:
        return f.read()


def read_default(base_dir):
    # ok: python-param-path-traversal
    return open(os.path.join(base_dir, "settings.ini")).read()


def read_checked(base_dir, filename):
    base = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(base, filename))
    if os.path.commonpath([base, target]) != base:
        raise ValueError("escapes")
    # ok: python-param-path-traversal
    return open(target).read()


def read_startswith(base_dir, filename):
    target = os.path.realpath(os.path.join(base_dir, filename))
    if not target.startswith(os.path.realpath(base_dir) + os.sep):
        raise ValueError("escapes")
    # ok: python-param-path-traversal
    return open(target).read()


def save_resolved(reports_dir, report_name, content):
    base = Path(reports_dir).resolve()
    target = (base / report_name).resolve()
    if not target.is_relative_to(base):
        raise ValueError("escapes")
    # ok: python-param-path-traversal
    target.write_text(content)


def delete_sanitised(user_id: int, name: str):
    # ok: python-param-path-traversal
    os.remove(os.path.join(BASE, str(int(user_id)), secure_filename(name)))


def open_basename(base_dir, name):
    # ok: python-param-path-traversal
    return open(os.path.join(base_dir, os.path.basename(name))).read()


def quote_url(url):
    # str.replace is not a file operation
    # ok: python-param-path-traversal
    return 'open location "%s"' % url.replace('"', "%22")


def move_into(src, dst):
    real_dst = os.path.join(dst, _basename(src))
    # ok: python-param-path-traversal
    os.rename(src, real_dst)


def _basename(path):
    return os.path.basename(path.rstrip(os.sep))


class Maildir:
    def get_file(self, key):
        # a method's arguments come from its own library
        # ok: python-param-path-traversal
        return open(os.path.join(self._path, key), "rb")


def _read_member(base_dir, name):
    # ok: python-param-path-traversal
    return open(os.path.join(base_dir, name)).read()
