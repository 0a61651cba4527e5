import os
import tarfile


def extract_tar_archive(archive_path: str, dest_dir: str) -> list[str]:
    """Extract a .tar.gz into dest_dir and return the extracted paths."""
    os.makedirs(dest_dir, exist_ok=True)
    with tarfile.open(archive_path, "r:*") as tar:
        names = tar.getnames()
        tar.extractall(dest_dir)
    return [os.path.join(dest_dir, n) for n in names]
