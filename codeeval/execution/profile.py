"""The sandbox's runtime profile: the Python packages installed in the image (sandbox/profile/), fetched on
the host as wheels, hash-checked, and handed to the image build so nothing inside the build needs a network.

The image's interpreter is Debian bookworm's CPython 3.11, so wheels are chosen for it, not for the host's
Python: `pip download` with an explicit platform, ABI and version, binary only.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from codeeval.errors import ToolError

PYTHON_VERSION = "3.11"
ARCHES = ("x86_64", "aarch64")
# Docker's names for the daemon's architecture -> the wheel tags' names.
DOCKER_ARCH = {"amd64": "x86_64", "arm64": "aarch64"}
# Newest first; bookworm's glibc is 2.36, so no wheel may need a newer one.
_MANYLINUX = ("manylinux_2_36", "manylinux_2_34", "manylinux_2_31", "manylinux_2_28", "manylinux_2_27",
              "manylinux_2_26", "manylinux_2_24", "manylinux_2_17", "manylinux2014", "manylinux_2_12",
              "manylinux2010", "manylinux_2_5", "manylinux1")


def download_args(arch: str) -> list[str]:
    """pip download options that pick wheels for the image's interpreter on `arch`."""
    platforms = [f"--platform={tag}_{arch}" for tag in _MANYLINUX] + [f"--platform=linux_{arch}"]
    return ["--only-binary=:all:", *platforms, f"--python-version={PYTHON_VERSION}", "--implementation=cp",
            "--abi=cp311", "--abi=abi3", "--abi=none", "--disable-pip-version-check"]


def lock_file(context: Path) -> Path:
    return context / "profile" / "requirements.txt"


def profile_id(requirements: Path) -> str:
    """What the manifest records: the lock's content hash and how many packages it pins."""
    text = requirements.read_text()
    count = len(re.findall(r"^[A-Za-z0-9][^\s=]*==", text, re.MULTILINE))
    return f"sha256:{hashlib.sha256(text.encode()).hexdigest()[:16]} ({count} packages)"


def fetch_wheels(requirements: Path, dest: Path, arch: str, *, cache: Path | None = None, deps: bool = False,
                 constraints: Path | None = None) -> list[Path]:
    """Download the wheels `requirements` names into `dest` (through `cache`, so a rebuild fetches nothing),
    checking every hash a lock gives. With `deps` the requirements' own dependencies come too (a user's
    unlocked file), held to the profile's versions by `constraints`."""
    if arch not in ARCHES:
        raise ToolError(f"no runtime profile for {arch} images (built for: {', '.join(ARCHES)})")
    where = cache or dest
    where.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "-q", "-r", str(requirements), "-d", str(where), *download_args(arch)]
    if not deps:
        cmd.append("--no-deps")
    if constraints is not None:
        cmd += ["-c", str(constraints)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("WARNING")]
        raise ToolError(f"fetching the sandbox's Python packages failed: {' / '.join(lines[-3:]) or 'pip exited ' + str(proc.returncode)}")
    wanted = _wanted(requirements) if not deps else None
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for wheel in sorted(where.glob("*.whl")):
        if wanted is not None and _key(wheel.name) not in wanted:
            continue  # the cache also holds other versions and other architectures' wheels
        if wanted is not None and not _fits(wheel.name, arch):
            continue
        target = dest / wheel.name
        if target != wheel and not target.exists():
            try:
                target.hardlink_to(wheel)
            except OSError:
                target.write_bytes(wheel.read_bytes())
        out.append(target)
    return out


def _key(filename: str) -> tuple[str, str]:
    name, version = filename.split("-")[:2]
    return re.sub(r"[-_.]+", "-", name).lower(), version


def _wanted(requirements: Path) -> set[tuple[str, str]]:
    pins = re.findall(r"^([A-Za-z0-9][^\s=]*)==(\S+)", requirements.read_text(), re.MULTILINE)
    return {(re.sub(r"[-_.]+", "-", n).lower(), v) for n, v in pins}


def _fits(filename: str, arch: str) -> bool:
    platform = filename[:-4].split("-")[-1]
    return platform == "any" or any(tag.endswith(arch) for tag in platform.split("."))
