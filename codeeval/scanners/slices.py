"""Python slices shown to Semgrep as indexes, so taint is not lost through them.

Semgrep's taint mode drops taint at a slice (semgrep/semgrep#6203, open since 2022; propagators cannot
work around it): in `path = self.path[1:]; open(f"/srv/{path}")` the request path never reaches the
sink, and model code trims prefixes, suffixes and leading slashes all the time. An index keeps taint
(`x[i]` is tainted when `x` is), so the copy of the code Semgrep reads has each simple slice written
as an index of the same length: `x[1:]` as `x[1 ]`, `x[a:b]` as `x[a+b]`, `x[:]` as `x[0]`. Lines and
columns do not move, so findings point at the code as written; Bandit and the capability engine
read the original. Extended slices (`x[::-1]`, a rule's decoding source), multi-dimensional
subscripts and slices assigned to (`headers[:] = ...`, which as an index would look like a write to
one header) are left as they are, and a rewrite that would not parse is not used. The slices are found
in the syntax tree and each colon from the end of the bound before it (no tokenizer: it cost twice
the time).
"""

from __future__ import annotations

import ast

from codeeval.scanners.repair import parse, physical_lines


def as_indexes(code: str) -> str | None:
    """`code` with its simple slices written as indexes, or None when there is nothing to rewrite or the
    code (before or after) does not parse."""
    if "[" not in code or ":" not in code:
        return None
    tree = parse(code)
    if tree is None:
        return None
    lines = physical_lines(code)
    edits = [edit for node in _subscripts(tree) if (edit := _edit(lines, node)) is not None]
    if not edits:
        return None
    for row, col, char in edits:
        line = lines[row - 1]
        lines[row - 1] = line[:col] + char + line[col + 1:]
    rewritten = "".join(lines)
    return rewritten if parse(rewritten) is not None else None


def _subscripts(tree: ast.AST):
    """Every subscript read or deleted whose subscript is one slice without a step, outside f-strings
    (whose expressions Semgrep reads from the string, as written)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.JoinedStr):
            continue
        if (isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Store)
                and isinstance(node.slice, ast.Slice) and node.slice.step is None and _subscriptable(node.value)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _subscriptable(value: ast.expr) -> bool:
    # `1[2:]` parses but is no subscript to a reader (nor to Python's tokenizer); `"ab"[1:]` and `None[1:]` are
    return not isinstance(value, ast.Constant) or isinstance(value.value, str | bytes | bool) or value.value is None


def _edit(lines: list[str], node: ast.Subscript) -> tuple[int, int, str] | None:
    """(row, column, replacement) for the slice's colon, or None when the slice has two colons or its
    layout is not understood."""
    lower, upper = node.slice.lower, node.slice.upper
    if lower is not None:
        colon = _next(lines, _position(lines, lower.end_lineno, lower.end_col_offset))
    else:
        bracket = _next(lines, _position(lines, node.value.end_lineno, node.value.end_col_offset))
        if bracket is None or _char(lines, bracket) != "[":
            return None
        colon = _next(lines, (bracket[0], bracket[1] + 1))
    if colon is None or _char(lines, colon) != ":":
        return None
    after = _position(lines, upper.end_lineno, upper.end_col_offset) if upper is not None else (colon[0], colon[1] + 1)
    close = _next(lines, after)
    if close is None or _char(lines, close) != "]":
        return None  # `x[a:b:]`: a step left empty, two colons
    before_filled, after_filled = lower is not None, upper is not None
    char = "+" if before_filled and after_filled else " " if before_filled or after_filled else "0"
    return (colon[0], colon[1], char)


def _position(lines: list[str], row: int | None, byte_col: int | None) -> tuple[int, int]:
    """AST columns count UTF-8 bytes; text columns count characters."""
    line = lines[(row or 1) - 1]
    return (row or 1, len(line.encode("utf-8")[: byte_col or 0].decode("utf-8", errors="ignore")))


def _next(lines: list[str], at: tuple[int, int]) -> tuple[int, int] | None:
    """The next character from `at` that is not layout: spaces, line breaks and continuations, comments,
    and the closing parentheses of a parenthesised bound."""
    row, col = at
    while row <= len(lines):
        line = lines[row - 1]
        while col < len(line):
            char = line[col]
            if char == "#":
                break
            if char not in " \t\f\r\n\\)":
                return (row, col)
            col += 1
        row, col = row + 1, 0
    return None


def _char(lines: list[str], at: tuple[int, int]) -> str:
    return lines[at[0] - 1][at[1]]
