"""Turn what a user names on the command line (files, directories, `-`) into code to analyse.

Hostile or odd input is normal here: binary files, other encodings, huge files, symlinks that
point out of the tree, directories of thousands of files. Nothing is dropped silently: every file
not analysed comes back as a `Skipped` with the reason.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.languages import SCANNED, detect_language, language_for_path, normalise_tag, shebang_language

# Whole files are analysed up to this size; anything larger is analysed up to it and never allowed
# (the rest was not seen). Bandit and Semgrep were measured on 16 MiB inputs (see the README).
HARD_MAX_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_BYTES = HARD_MAX_BYTES
# Tool and dependency folders: scanning them is never what the user meant.
PRUNED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".mypy_cache"})
_HEAD = 8192
# Control bytes other than NUL, tab, newline, carriage return, form feed and escape: text has almost none.
_CONTROL = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27)) + b"\x7f"
_BINARY_MAGIC = (b"\x7fELF", b"MZ", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"PK\x03\x04",
                 b"\x1f\x8b", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x00asm")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# PEP 263: Python decodes a file by the coding cookie on its first or second line (utf-7 included).
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)


@dataclass(frozen=True)
class Source:
    path: str  # as shown to the user
    code: str
    language: str
    notes: tuple[str, ...] = ()  # decoded as latin-1, NUL bytes removed, empty file ...
    unanalysed: tuple[str, ...] = ()  # why the analysis saw less than an interpreter would: never allowed


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    # Content an interpreter may run (named explicitly, a code extension or shebang, the exec bit):
    # not analysing it is a reason against it, not a silent skip.
    executable: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "error": self.reason, "executable": self.executable}


# Characters a reader does not see: zero-width, soft hyphen, word joiner, BOM, bidi controls (Trojan Source).
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)]
)
# Letters that look Latin (Unicode TR39 confusables, Cyrillic and Greek): `import os as оs` then `оs.system`.
_CONFUSABLES = str.maketrans(
    "аАвВсСеЕһНіІјЈкКмМоОрРѕЅтТхХуУүҮԁԛԝӏ" "αΑβΒεΕζΖηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧ",
    "aABBcCeEhHiIjJkKmMoOpPsStTxXyYyYdqwl" "aABBeEzZnHiIkKuMvNoOpPtTuYxX",
)


def scannable(text: str) -> str:
    """The text the scanners read: NUL bytes dropped (bash skips them), CRLF as LF, invisible characters
    removed and Latin look-alike letters mapped to Latin, so a disguise never hides what a program does.
    Lines keep their numbers; idempotent."""
    if "\0" in text:
        text = text.replace("\0", "")
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if not text.isascii():
        text = text.translate(_INVISIBLE).translate(_CONFUSABLES)
    return text


def shebang_other_language(code: str, language: str) -> str | None:
    """The language a `#!` line names when it differs from `language` (a bash script named setup.py, a
    polyglot): executed as ./file it runs as that language, so it is analysed as both."""
    other = shebang_language(code.lstrip("\ufeff"))
    return other if other in SCANNED and other != language else None


def collect(
    paths: Sequence[str], *, language: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, stdin: object = None,
    exclude: Sequence[str] = (), ignore_file: bool = False,
) -> tuple[list[Source], list[Skipped]]:
    """Every named path, in order; directories walked recursively without leaving them.

    `exclude`: gitignore-style patterns left out (of named files too); `ignore_file`: also honour a
    `.semgrepignore` in each named directory (see codeeval.ignore)."""
    from codeeval.ignore import PathFilter

    hint = _hint(language)
    max_bytes = min(max_bytes, HARD_MAX_BYTES)
    sources: list[Source] = []
    skipped: list[Skipped] = []
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            size = len(data) + (len(stream.read()) if len(data) > max_bytes else 0)
            _add(sources, skipped, "<stdin>", data, hint, max_bytes, explicit=True, size=size)
            continue
        path = Path(raw)
        if not path.exists():
            reason = "broken symlink" if path.is_symlink() else "no such file or directory"
            raise CodeevalError(f"{raw}: {reason}")
        if path.is_dir():
            keep = PathFilter.for_root(path, exclude, use_ignore_file=ignore_file)
            for item in _walk(path, skipped, keep):
                _read(item, sources, skipped, hint, max_bytes, explicit=False)
        else:
            why = PathFilter.for_root(None, exclude).excluded(raw)
            if why:
                skipped.append(Skipped(raw, why))
                continue
            _read(path, sources, skipped, hint, max_bytes, explicit=True)
    return sources, skipped


def _hint(language: str | None) -> str | None:
    if language is None:
        return None
    named = normalise_tag(language)
    if named not in SCANNED:
        raise CodeevalError(f"unsupported language {language!r} (expected one of: {', '.join(SCANNED)})")
    return named


def _walk(root: Path, skipped: list[Skipped], keep: Any = None) -> Iterator[Path]:
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        current = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            sub = current / name
            why = keep.reason(sub.relative_to(root).as_posix(), True) if keep else None
            if why:
                skipped.append(Skipped(str(sub), why))
            elif name in PRUNED_DIRS:
                skipped.append(Skipped(str(sub), "tool or dependency folder, not scanned"))
            elif sub.is_symlink():
                skipped.append(Skipped(str(sub), "symlinked directory, not followed"))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = current / name
            why = keep.reason(path.relative_to(root).as_posix(), False) if keep else None
            if why:
                skipped.append(Skipped(str(path), why))
                continue
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
        skipped.append(Skipped(shown, f"cannot read: {exc.strerror or exc}", executable=explicit))
        return
    if not stat.S_ISREG(mode):
        skipped.append(Skipped(shown, "not a regular file", executable=explicit))
        return
    runnable = bool(mode & 0o111)
    if not explicit and hint is None:
        # Walking a tree: decide by extension or shebang before reading the whole file.
        language = language_for_path(shown)
        if language is None:
            language = _shebang_of(path)
        if language not in SCANNED:
            what = f"{language} file" if language else "no python, bash or javascript extension or shebang"
            # An executable file with no language we know (a compiled program, a script we cannot tell)
            # could run anything; a file in a language codeeval does not vet is the policy's scope.
            skipped.append(Skipped(shown, f"not scanned ({what})", executable=runnable and language is None))
            return
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        size = path.stat().st_size
    except OSError as exc:
        skipped.append(Skipped(shown, f"cannot read: {exc.strerror or exc}", executable=True))
        return
    _add(sources, skipped, shown, data, hint, max_bytes, explicit=explicit, size=size)


def _shebang_of(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(128)
    except OSError:
        return None
    return _shebang(head)


def _shebang(head: bytes) -> str | None:
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"#!"):
        return None
    return shebang_language(head.split(b"\n", 1)[0].replace(b"\0", b"").decode("utf-8", "replace"))


def _add(
    sources: list[Source], skipped: list[Skipped], shown: str, data: bytes, hint: str | None, max_bytes: int,
    *, explicit: bool, size: int | None = None,
) -> None:
    item = from_bytes(shown, data, hint, max_bytes, explicit=explicit, size=size)
    (sources if isinstance(item, Source) else skipped).append(item)


def from_bytes(
    shown: str, data: bytes, hint: str | None = None, max_bytes: int = HARD_MAX_BYTES, *, explicit: bool = True,
    size: int | None = None,
) -> Source | Skipped:
    """The text an interpreter would read from `data`, its language and what was not analysed; or why
    it cannot be analysed at all. The one decoding path of the CLI, the API and the service."""
    notes: list[str] = []
    unanalysed: list[str] = []
    size = len(data) if size is None else size
    if len(data) > max_bytes:
        cut = data[:max_bytes]
        newline = cut.rfind(b"\n")
        data = cut[: newline + 1] if newline > 0 else cut
        unanalysed.append(f"larger than the {max_bytes}-byte limit: only the first {len(data)} of {size} bytes were analysed")
    path_language = None if shown == "<stdin>" else language_for_path(shown)
    code = _decode(data, notes, unanalysed, truncated=bool(unanalysed))
    if code is None:
        # Code in a language we vet, a shebang or a name the user gave: something may run it.
        executable = explicit or path_language in SCANNED or _shebang(data[:_HEAD]) is not None
        return Skipped(shown, "binary file, not scanned", executable=executable)
    if not code.strip():
        notes.append("empty file")
    language = detect_language(code, None if shown == "<stdin>" else shown, hint)
    if language == "python":
        code = _python_source_encoding(data, code, notes, unanalysed)
    if language == "unknown" and shown == "<stdin>":
        # A one-liner on a pipe rarely says what it is; Python is what codeeval is mostly fed.
        language = "python"
        notes.append("language not recognised: scanned as python (pass --language to choose)")
    if language not in SCANNED:
        if explicit and not code.strip():
            language = hint or path_language or "python"
        else:
            advice = "; pass --language" if explicit else ""
            return Skipped(shown, f"not scanned (language: {language}{advice})", executable=explicit)
    return Source(shown, scannable(code), language, tuple(notes), tuple(unanalysed))


def _decode(data: bytes, notes: list[str], unanalysed: list[str], *, truncated: bool) -> str | None:
    """The text an interpreter would read, or None for binary content."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec != "utf-8":
                notes.append(f"decoded as {codec.upper()} (byte order mark)")
            text = data[len(bom):].decode(codec, "replace")
            if "\ufffd" in text and not truncated:
                unanalysed.append(f"not valid {codec.upper()} despite its byte order mark: undecodable bytes replaced")
            return text
    head = data[:_HEAD]
    if head.startswith(_BINARY_MAGIC) or sum(head.count(c) for c in _CONTROL) > len(head) // 100:
        return None
    nuls = data.count(b"\0")
    if nuls:
        if nuls > max(8, len(data) // 100):
            return None
        # Bash skips NUL bytes after the first line and Python refuses the file: either way the rest is
        # the program, so it is analysed rather than dismissed as binary.
        data = data.replace(b"\0", b"")
        notes.append(f"{nuls} NUL byte{'s' if nuls > 1 else ''} removed before analysis")
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


def _python_source_encoding(data: bytes, code: str, notes: list[str], unanalysed: list[str]) -> str:
    """Python decodes a file by its coding cookie (PEP 263), utf-7 included: analyse what it will run."""
    first_two = b"\n".join(data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 2)[:2])
    match = _CODING.search(first_two)
    if not match:
        return code
    name = match.group(1).decode("ascii", "replace")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return code  # Python refuses to run it: nothing runs, what we scanned is what is there
    if info.name in ("utf-8", "latin-1", "iso8859-1", "ascii") or not getattr(info, "_is_text_encoding", True):
        return code
    try:
        text = data.decode(info.name)
    except (UnicodeDecodeError, ValueError):
        unanalysed.append(f"declares the {name} encoding but does not decode with it")
        return code
    notes.append(f"decoded as {info.name} (its coding declaration), as Python will")
    return text
