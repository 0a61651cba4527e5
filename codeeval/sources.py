"""Turn what a user names on the command line (files, directories, `-`) into code to analyse.

Hostile or odd input is normal here: binary files, other encodings, huge files, symlinks that
point out of the tree, directories of thousands of files. Nothing is dropped silently: every file
not analysed comes back as a `Skipped` with the reason.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from codeeval.errors import CodeevalError
from codeeval.languages import SCANNED, detect_language, language_for_path, normalise_tag, shebang_language

DEFAULT_MAX_BYTES = 1024 * 1024
# Tool and dependency folders: scanning them is never what the user meant.
PRUNED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".mypy_cache"})
_BINARY_PROBE = 8192


@dataclass(frozen=True)
class Source:
    path: str  # as shown to the user
    code: str
    language: str
    notes: tuple[str, ...] = ()  # truncated, decoded as latin-1, empty file ...


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "error": self.reason}


def collect(
    paths: Sequence[str], *, language: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, stdin: object = None
) -> tuple[list[Source], list[Skipped]]:
    """Every named path, in order; directories walked recursively without leaving them."""
    hint = _hint(language)
    sources: list[Source] = []
    skipped: list[Skipped] = []
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            _add(sources, skipped, "<stdin>", data, hint, max_bytes, explicit=True)
            continue
        path = Path(raw)
        if not path.exists():
            reason = "broken symlink" if path.is_symlink() else "no such file or directory"
            raise CodeevalError(f"{raw}: {reason}")
        if path.is_dir():
            for item in _walk(path, skipped):
                _read(item, sources, skipped, hint, max_bytes, explicit=False)
        else:
            _read(path, sources, skipped, hint, max_bytes, explicit=True)
    return sources, skipped


def _hint(language: str | None) -> str | None:
    if language is None:
        return None
    named = normalise_tag(language)
    if named not in SCANNED:
        raise CodeevalError(f"unsupported language {language!r} (expected one of: {', '.join(SCANNED)})")
    return named


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        current = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            sub = current / name
            if name in PRUNED_DIRS:
                skipped.append(Skipped(str(sub), "tool or dependency folder, not scanned"))
            elif sub.is_symlink():
                skipped.append(Skipped(str(sub), "symlinked directory, not followed"))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = current / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    skipped.append(Skipped(str(path), "symlink pointing outside the scanned tree, not followed"))
                    continue
                if not target.exists():
                    skipped.append(Skipped(str(path), "broken symlink"))
                    continue
            yield path


def _read(path: Path, sources: list[Source], skipped: list[Skipped], hint: str | None, max_bytes: int, explicit: bool) -> None:
    shown = str(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        skipped.append(Skipped(shown, f"cannot read: {exc.strerror or exc}"))
        return
    if not stat.S_ISREG(mode):
        skipped.append(Skipped(shown, "not a regular file"))
        return
    if not explicit and hint is None:
        # Walking a tree: decide by extension or shebang before reading the whole file.
        language = language_for_path(shown)
        if language is None:
            language = _shebang_of(path)
        if language not in SCANNED:
            what = f"{language} file" if language else "no python, bash or javascript extension or shebang"
            skipped.append(Skipped(shown, f"not scanned ({what})"))
            return
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        size = path.stat().st_size
    except OSError as exc:
        skipped.append(Skipped(shown, f"cannot read: {exc.strerror or exc}"))
        return
    _add(sources, skipped, shown, data, hint, max_bytes, explicit=explicit, size=size)


def _shebang_of(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(128)
    except OSError:
        return None
    if not head.startswith(b"#!"):
        return None
    return shebang_language(head.decode("utf-8", "replace"))


def _add(
    sources: list[Source], skipped: list[Skipped], shown: str, data: bytes, hint: str | None, max_bytes: int,
    *, explicit: bool, size: int | None = None,
) -> None:
    notes: list[str] = []
    if b"\0" in data[:_BINARY_PROBE]:
        skipped.append(Skipped(shown, "binary file, not scanned"))
        return
    size = len(data) if size is None else size
    if len(data) > max_bytes:
        cut = data[:max_bytes]
        newline = cut.rfind(b"\n")
        data = cut[: newline + 1] if newline > 0 else cut
        notes.append(f"truncated: scanned the first {len(data)} of {size} bytes (limit {max_bytes})")
    code = _decode(data, notes, truncated=bool(notes))
    if not code.strip():
        notes.append("empty file")
    language = detect_language(code, None if shown == "<stdin>" else shown, hint)
    if language == "unknown" and shown == "<stdin>":
        # A one-liner on a pipe rarely says what it is; Python is what codeeval is mostly fed.
        language = "python"
        notes.append("language not recognised: scanned as python (pass --language to choose)")
    if language not in SCANNED:
        if explicit and not code.strip():
            language = hint or language_for_path(shown) or "python"
        else:
            advice = "; pass --language" if explicit else ""
            skipped.append(Skipped(shown, f"not scanned (language: {language}{advice})"))
            return
    sources.append(Source(shown, code, language, tuple(notes)))


def _decode(data: bytes, notes: list[str], *, truncated: bool) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut inside a multi-byte character at the truncation point is not an encoding problem.
        if truncated and exc.start >= len(data) - 3:
            try:
                return data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
    notes.append("not valid UTF-8: decoded as latin-1")
    return data.decode("latin-1")
