"""Regexes searched fast over large texts: Python's engine finds a literal prefix quickly, but an
alternation, a leading `\\b` or a case-insensitive pattern makes it try every position.

`Searcher` splits a regex at its top-level `|` and runs a branch only where the literal every match of
it contains occurs (`str.__contains__` is many times faster than the engine), each branch written to
start with its literal where it can. It answers what `pattern.search` answers.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LEADING_WORD = re.compile(r"\\b([A-Za-z0-9_]{2,})(?![?*+{])")


def literal_first(src: str) -> str:
    """`\\bword...` as `word(?<=\\bword)...`: the same matches, but a leading `\\b` stops Python's regex
    engine from searching for the literal first, which makes it about fifty times slower on large files."""
    m = _LEADING_WORD.match(src)
    if not m:
        return src
    word = m.group(1)
    return f"{word}(?<=\\b{word}){src[m.end():]}"


def top_level_branches(pattern: str) -> list[str]:
    """`pattern` split at each `|` outside groups and character classes."""
    out, start, depth, in_class, i = [], 0, 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]" or pattern[i + 1:i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def required_literal(pattern: re.Pattern[str], shortest: int = 3) -> str | None:
    """The longest run of literal characters every match of `pattern` contains (outside optional
    parts and groups), lower-cased when it ignores case; None when there is none this long."""
    from re import _parser  # the stdlib's own parser: the one `re.compile` used

    best, run = "", ""
    for op, arg in _parser.parse(pattern.pattern, pattern.flags):
        if op is _parser.LITERAL:
            run += chr(arg)
        else:
            best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    if len(best) < shortest:
        return None
    return best.lower() if pattern.flags & re.IGNORECASE else best


class Searcher:
    """`regex.search(text) is not None`, branch by branch (see the module's text)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        # a literal from a case-insensitive branch is lowered: it says nothing of the text as written
        hinted = not flags & re.IGNORECASE
        self.branches = [(required_literal(re.compile(src, flags)) if hinted else None, re.compile(literal_first(src), flags))
                         for src in top_level_branches(pattern)]

    def found_in(self, text: str) -> bool:
        return any(branch.search(text) for hint, branch in self.branches if hint is None or hint in text)


@lru_cache(maxsize=512)
def searcher(pattern: str, flags: int = 0) -> Searcher:
    return Searcher(pattern, flags)
