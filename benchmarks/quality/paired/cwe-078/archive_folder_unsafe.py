import os


def archive_folder(folder: str, archive_name: str) -> int:
    """Create archive_name.tar.gz from folder using the system tar; returns tar's exit code."""
    cmd = "tar -czf {}.tar.gz {}".format(archive_name, folder)
    with os.popen(cmd) as pipe:
        pipe.read()
    return 0
