"""Which files a scan leaves out: `--exclude` patterns and a `.semgrepignore` in the scanned root.

Both use gitignore syntax, as Semgrep reads `.semgrepignore`: a pattern without a slash matches a name at
any depth, one with a slash is anchored at the root, a trailing slash matches directories only, `*`
and `?` stay within one path component, `**` spans several, `!` re-includes and the last matching
pattern wins. A directory left out is not entered, so nothing under it can be re-included (as in git).
The exclusion is applied once, when files are collected, so every engine sees the same file set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

IGNORE_FILE = ".semgrepignore"


@dataclass(frozen=True)
class _Pattern:
    text: str  # as written, for the reason shown to the user
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    origin: str  # "--exclude" or the ignore file's path


def _translate(glob: str) -> str:
    """A gitignore glob (no leading `!`, no trailing `/`) as a regex over a slash-separated relative path."""
    anchored = "/" in glob
    glob = glob.lstrip("/")
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and "]" in glob[i + 2:]:
            end = glob.index("]", i + 2)
            body = glob[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return ("" if anchored else "(?:.*/)?") + "".join(out)


def parse_patterns(lines: Iterable[str], origin: str) -> list[_Pattern]:
    patterns = []
    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip() or line.startswith(("#", ":include")):
            # `:include` is Semgrep's own directive for another ignore file; we read only this one.
            continue
        line = line.rstrip(" ") if not line.endswith("\\ ") else line
        negate = line.startswith("!")
        body = line[1:] if negate else line
        if body.startswith(("\\#", "\\!")):
            body = body[1:]
        dir_only = body.endswith("/")
        body = body.rstrip("/")
        if not body:
            continue
        patterns.append(_Pattern(line, re.compile(_translate(body) + r"\Z"), negate, dir_only, origin))
    return patterns


@dataclass(frozen=True)
class PathFilter:
    """Patterns applied to paths relative to one scanned root."""

    patterns: tuple[_Pattern, ...] = ()

    @classmethod
    def for_root(cls, root: Path | None, exclude: Sequence[str] = (), use_ignore_file: bool = True) -> PathFilter:
        patterns = []
        if root is not None and use_ignore_file:
            ignore = root / IGNORE_FILE
            if ignore.is_file():
                patterns += parse_patterns(ignore.read_text(encoding="utf-8", errors="replace").splitlines(), str(ignore))
        # --exclude comes last, so a `!` in the ignore file never re-includes what the command line left out.
        patterns += parse_patterns(exclude, "--exclude")
        return cls(tuple(patterns))

    def reason(self, relative: str, is_dir: bool) -> str | None:
        """Why this path (slash-separated, relative to the root) is left out; None when it is kept."""
        relative = relative.strip("/")
        hit = None
        for pattern in self.patterns:
            if pattern.dir_only and not is_dir:
                continue
            if pattern.regex.match(relative):
                hit = None if pattern.negate else pattern
        if hit is None:
            return None
        return f"excluded by {hit.origin} ({hit.text})" if hit.origin == "--exclude" else f"excluded by {hit.origin}: {hit.text}"

    def excluded(self, relative: str, is_dir: bool = False) -> str | None:
        """`reason`, also for a path named directly: a left-out parent directory leaves it out too."""
        parts = [p for p in relative.replace("\\", "/").split("/") if p not in ("", ".")]
        for depth in range(1, len(parts)):
            why = self.reason("/".join(parts[:depth]), True)
            if why:
                return why
        return self.reason("/".join(parts), is_dir) if parts else None

    def __bool__(self) -> bool:
        return bool(self.patterns)
