import shlex
import subprocess


def archive_folder(folder: str, archive_name: str) -> int:
    """Create archive_name.tar.gz from folder using the system tar; returns tar's exit code."""
    cmd = "tar -czf {} {}".format(shlex.quote(archive_name + ".tar.gz"), shlex.quote(folder))
    return subprocess.call(cmd, shell=True)
