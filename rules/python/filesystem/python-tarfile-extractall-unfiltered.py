import os
import shutil
import sys
import tarfile
import zipfile

import requests


def install_bundle(url, dest):
    resp = requests.get(url, timeout=30)
    with open("/tmp/bundle.tar.gz", "wb") as fh:
        fh.write(resp.content)
    with tarfile.open("/tmp/bundle.tar.gz", "r:gz") as tar:
        # ruleid: python-tarfile-extractall-unfiltered
        tar.extractall(dest)


def extract_upload(path, out_dir):
    tf = tarfile.open(path)
    # ruleid: python-tarfile-extractall-unfiltered
    tf.extractall(path=out_dir)
    tf.close()


def one_liner(archive):
    # ruleid: python-tarfile-extractall-unfiltered
    tarfile.open(archive).extractall("/opt/app")


def extract_members(archive, dest):
    with tarfile.open(archive, "r:*") as tar:
        for member in tar.getmembers():
            # ruleid: python-tarfile-extractall-unfiltered
            tar.extract(member, dest)


def unpack(archive, dest):
    # ruleid: python-tarfile-extractall-unfiltered
    shutil.unpack_archive(archive, dest)


def safe_filter(archive, dest):
    with tarfile.open(archive) as tar:
        # ok: python-tarfile-extractall-unfiltered
        tar.extractall(dest, filter="data")


def safe_checked(archive, dest):
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            target = os.path.realpath(os.path.join(dest, member.name))
            if not target.startswith(os.path.realpath(dest) + os.sep):
                raise ValueError(f"unsafe path in archive: {member.name}")
        # ok: python-tarfile-extractall-unfiltered
        tar.extractall(dest)


def safe_members(archive, dest):
    with tarfile.open(archive) as tar:
        ok = [m for m in tar.getmembers() if m.isfile() and not m.name.startswith("/")]
        # ok: python-tarfile-extractall-unfiltered
        tar.extractall(dest, members=ok)


def safe_default_filter(archive, dest):
    with tarfile.open(archive) as tar:
        tar.extraction_filter = tarfile.data_filter
        # ok: python-tarfile-extractall-unfiltered
        tar.extractall(dest)


def safe_zip(archive, dest):
    # ok: python-tarfile-extractall-unfiltered
    shutil.unpack_archive(archive, dest, format="zip")
    # ok: python-tarfile-extractall-unfiltered
    shutil.unpack_archive(archive, dest, filter="data")


class DatasetImporter:
    def __init__(self, workdir):
        self.workdir = workdir

    def load(self, archive_path):
        self.archive = tarfile.open(archive_path, "r:gz")
        # ruleid: python-tarfile-extractall-unfiltered
        self.archive.extractall(self.workdir)
        self.archive.close()


if __name__ == "__main__":
    with tarfile.open(sys.argv[1]) as backup:
        # ruleid: python-tarfile-extractall-unfiltered
        backup.extractall(sys.argv[2] if len(sys.argv) > 2 else ".")


def zip_extract(archive, dest):
    # zipfile drops absolute paths and ".." from member names itself (documented), so a plain
    # extractall cannot write outside dest; manual joins of member names are another rule.
    with zipfile.ZipFile(archive) as zf:
        # ok: python-tarfile-extractall-unfiltered
        zf.extractall(dest)


def extract_checked_with_commonpath(archive_path, dest):
    dest = os.path.realpath(dest)
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            target = os.path.realpath(os.path.join(dest, member.name))
            if os.path.commonpath([dest, target]) != dest:
                raise ValueError(f"unsafe path in archive: {member.name}")
        # ok: python-tarfile-extractall-unfiltered
        tar.extractall(dest)


def extract_checking_only_the_archive_name(archive_path, dest):
    if os.path.commonpath([dest, archive_path]) != dest:
        raise ValueError("archive outside dest")
    with tarfile.open(archive_path) as tar:
        # ruleid: python-tarfile-extractall-unfiltered
        tar.extractall(dest)
