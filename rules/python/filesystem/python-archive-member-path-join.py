import os
import tarfile
import zipfile
from pathlib import Path


def unzip(archive_path, dest):
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            # ruleid: python-archive-member-path-join
            target = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(zf.read(info))


def unzip_names(archive_path, dest):
    zf = zipfile.ZipFile(archive_path)
    for name in zf.namelist():
        # ruleid: python-archive-member-path-join
        out_path = Path(dest) / name
        out_path.write_bytes(zf.read(name))


def untar(archive_path, dest):
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            fobj = tar.extractfile(member)
            if fobj is None:
                continue
            # ruleid: python-archive-member-path-join
            with open(dest + "/" + member.name, "wb") as out:
                out.write(fobj.read())


def untar_iter(archive_path, dest):
    with tarfile.open(archive_path) as tar:
        for member in tar:
            # ruleid: python-archive-member-path-join
            path = f"{dest}/{member.name}"
            with open(path, "wb") as out:
                out.write(tar.extractfile(member).read())


class BundleInstaller:
    def __init__(self, root):
        self.root = root

    def install(self, bundle):
        with zipfile.ZipFile(bundle) as zf:
            for info in zf.infolist():
                # ruleid: python-archive-member-path-join
                dest = self.root / info.filename
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(zf.read(info))


def audit(archive_path, log):
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            # ok: python-archive-member-path-join
            log.debug(f"Reading entry {info.filename}")
            if info.file_size > 10_000_000:
                # ok: python-archive-member-path-join
                raise ValueError(f"entry too large: {info.filename}")
            # ok: python-archive-member-path-join
            print(f"{info.filename}: {info.file_size} bytes")


def safe_unzip(archive_path, dest):
    dest = os.path.realpath(dest)
    with zipfile.ZipFile(archive_path) as zf:
        for info in zf.infolist():
            target = os.path.realpath(os.path.join(dest, info.filename))
            if not target.startswith(dest + os.sep):
                raise ValueError(f"blocked path: {info.filename}")
            # ok: python-archive-member-path-join
            zf.extract(info, dest)


def safe_flat(archive_path, dest):
    with zipfile.ZipFile(archive_path) as zf:
        for name in zf.namelist():
            # ok: python-archive-member-path-join
            target = os.path.join(dest, os.path.basename(name))
            with open(target, "wb") as out:
                out.write(zf.read(name))


def safe_pathlib(archive_path, dest):
    base = Path(dest).resolve()
    with zipfile.ZipFile(archive_path) as zf:
        for name in zf.namelist():
            # ok: python-archive-member-path-join
            target = (base / name).resolve()
            if not target.is_relative_to(base):
                continue
            target.write_bytes(zf.read(name))


def listing(files, dest):
    for item in files:
        # ok: python-archive-member-path-join
        print(os.path.join(dest, item))


def copy_outputs(paths, dest):
    for p in paths:
        # ok: python-archive-member-path-join
        os.replace(p, os.path.join(dest, p.name))
