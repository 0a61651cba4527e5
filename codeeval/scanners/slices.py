"""Python slices shown to Semgrep as indexes, so taint is not lost through them.

Semgrep's taint mode drops taint at a slice (semgrep/semgrep#6203, open since 2022; propagators cannot
work around it): in `path = self.path[1:]; open(f"/srv/{path}")` the request path never reaches the
sink, and model code trims prefixes, suffixes and leading slashes all the time. An index keeps taint
(`x[i]` is tainted when `x` is), so the copy of the code Semgrep reads has each simple slice written
as an index of the same length: `x[1:]` as `x[1 ]`, `x[a:b]` as `x[a+b]`, `x[:]` as `x[0]`. Lines and
columns do not move, so findings point at the code as written; Bandit and the capability engine
read the original. Extended slices (`x[::-1]`, a rule's decoding source), multi-dimensional
subscripts and slices assigned to (`headers[:] = ...`, which as an index would look like a write to
one header) are left as they are, and a rewrite that would not parse is not used.
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
from dataclasses import dataclass, field

_CLOSE_BEFORE_SUBSCRIPT = (")", "]", "}")
_LAYOUT = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)


@dataclass
class _Bracket:
    subscript: bool
    colons: list[tuple[int, int]] = field(default_factory=list)  # (row, col) of each top-level ':'
    filled: list[bool] = field(default_factory=lambda: [False])  # per segment between colons: any code in it
    comma: bool = False


def as_indexes(code: str) -> str | None:
    """`code` with its simple slices written as indexes, or None when there is nothing to rewrite or the
    code (before or after) does not parse."""
    if "[" not in code or ":" not in code:
        return None
    try:
        ast.parse(code)
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError, MemoryError):
        return None
    edits: list[tuple[int, int, str]] = []
    stack: list[_Bracket] = []
    previous: tokenize.TokenInfo | None = None
    tokens = [t for t in tokens if t.type not in _LAYOUT]
    for i, tok in enumerate(tokens):
        top = stack[-1] if stack else None
        if tok.type == tokenize.OP and tok.string in ("(", "[", "{"):
            if top is not None:
                top.filled[-1] = True
            stack.append(_Bracket(subscript=tok.string == "[" and _ends_expression(previous)))
        elif tok.type == tokenize.OP and tok.string in (")", "]", "}"):
            closed = stack.pop() if stack else None
            # a slice assigned to (`headers[:] = ...`) stays one: as an index it would look like a sink
            assigned = i + 1 < len(tokens) and _assigns(tokens[i + 1])
            if closed is not None and closed.subscript and len(closed.colons) == 1 and not closed.comma and not assigned:
                edits.append((*closed.colons[0], _replacement(closed.filled)))
            if stack:
                stack[-1].filled[-1] = True
        elif top is not None and tok.type == tokenize.OP and tok.string == ":":
            top.colons.append(tok.start)
            top.filled.append(False)
        elif top is not None and tok.type == tokenize.OP and tok.string == ",":
            top.comma = True
        elif top is not None:
            top.filled[-1] = True
        previous = tok
    if not edits:
        return None
    lines = code.splitlines(keepends=True)
    for row, col, char in edits:
        line = lines[row - 1]
        lines[row - 1] = line[:col] + char + line[col + 1:]
    rewritten = "".join(lines)
    try:
        ast.parse(rewritten)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return rewritten


def _assigns(tok: tokenize.TokenInfo) -> bool:
    return tok.type == tokenize.OP and tok.string.endswith("=") and tok.string not in ("==", "<=", ">=", "!=")


def _ends_expression(tok: tokenize.TokenInfo | None) -> bool:
    """A `[` after a name, a string or a closing bracket subscripts; after anything else it opens a list."""
    if tok is None:
        return False
    if tok.type == tokenize.NAME:
        return not keyword.iskeyword(tok.string) or tok.string in ("None", "True", "False")
    return tok.type == tokenize.STRING or (tok.type == tokenize.OP and tok.string in _CLOSE_BEFORE_SUBSCRIPT)


def _replacement(filled: list[bool]) -> str:
    """`a:b` -> `a+b`, `a:` or `:b` -> a space, `:` -> `0`."""
    before, after = filled
    if before and after:
        return "+"
    return " " if before or after else "0"
