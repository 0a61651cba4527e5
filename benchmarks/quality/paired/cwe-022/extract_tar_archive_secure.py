import os
import tarfile


def extract_tar_archive(archive_path: str, dest_dir: str) -> list[str]:
    """Extract a .tar.gz into dest_dir, rejecting members that would land outside it."""
    dest = os.path.realpath(dest_dir)
    extracted = []
    with tarfile.open(archive_path, "r:*") as tar:
        for member in tar.getmembers():
            if member.issym() or member.islnk():
                continue
            target = os.path.realpath(os.path.join(dest, member.name))
            if not target.startswith(dest + os.sep):
                raise ValueError(f"unsafe path in archive: {member.name}")
            tar.extract(member, dest)
            extracted.append(target)
    return extracted
