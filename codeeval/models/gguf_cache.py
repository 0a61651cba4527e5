"""The dequantised copy of a GGUF model, kept as safetensors so loads after the first take seconds.

transformers reads a GGUF by dequantising every tensor to full precision, which takes minutes on a
small CPU; the result is the same on every load, so it is saved once beside its tokenizer under
<cache>/dequantised/<gguf sha256>/<dtype>/. The model's identity stays the GGUF's sha256: these are
the same weights. A cache is trusted only when its marker (written last, after every other file)
names the same GGUF, dtype and transformers version and every file it lists has its recorded size;
the folder appears by one rename of a finished temporary folder, so a load killed while writing
leaves at worst a temporary folder that nothing reads.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from codeeval.models import catalog

MARKER = "codeeval-dequantised.json"


def cache_path(gguf_sha256: str, dtype_name: str) -> Path:
    return catalog.cache_dir() / "dequantised" / gguf_sha256 / dtype_name


def is_complete(folder: Path, *, gguf_sha256: str, dtype_name: str, transformers_version: str) -> bool:
    try:
        marker = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict) or (marker.get("gguf_sha256"), marker.get("dtype"), marker.get("transformers")) != (
        gguf_sha256,
        dtype_name,
        transformers_version,
    ):
        return False  # another transformers may dequantise differently: rebuild rather than guess
    files = marker.get("files")
    if not isinstance(files, dict) or not any(name.endswith(".safetensors") for name in files):
        return False
    for name, size in files.items():
        try:
            if (folder / name).stat().st_size != size:
                return False
        except OSError:
            return False
    return True


def write(folder: Path, lm: Any, tok: Any, *, gguf_sha256: str, dtype_name: str, transformers_version: str) -> None:
    """Save the loaded model and tokenizer as the cache for this GGUF; raises OSError on failure,
    leaving no folder behind that `is_complete` would accept."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        # The GGUF loader marks the model as quantised with gguf, and transformers refuses to save
        # such a model; the tensors are already dequantised, so drop the marks before saving.
        lm.hf_quantizer = None
        if hasattr(lm.config, "quantization_config"):
            del lm.config.quantization_config
        lm.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        files = {p.name: p.stat().st_size for p in sorted(tmp.iterdir()) if p.is_file()}
        marker = {"gguf_sha256": gguf_sha256, "dtype": dtype_name, "transformers": transformers_version, "files": files}
        (tmp / MARKER).write_text(json.dumps(marker, indent=1, sort_keys=True))
        _fsync_tree(tmp)
        if folder.exists():
            discard(folder)
        try:
            os.rename(tmp, folder)
        except OSError:
            if not folder.exists():  # not a concurrent writer that finished first
                raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(tmp, ignore_errors=True)  # only left when another writer's rename won


def discard(folder: Path) -> None:
    """Remove a cache that failed to load: first out of the way by a rename, so a reader never
    sees it half deleted."""
    if not folder.exists():
        return
    aside = folder.with_name(f".{folder.name}.stale-{os.getpid()}")
    try:
        os.rename(folder, aside)
    except OSError:
        aside = folder
    shutil.rmtree(aside, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
