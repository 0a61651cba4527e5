"""Make model-written Python fragments parseable so the AST-based engines can analyse them.

Models emit method bodies indented one level, snippets that start mid-function, REPL transcripts
and blocks cut off by the token limit. Bandit skips anything `ast.parse` rejects, which is where
most of its misses on real fragments come from. Each repair step here is small and named, and
every step keeps a map from the lines it produces back to the original text, so findings always
point at the line the model wrote.

Steps keep the line count except `wrap`, which prepends opener lines; the map records that offset.
"""

from __future__ import annotations

import ast
import re
import textwrap
import warnings
from dataclasses import dataclass

# A fragment needing more surgery than this is noise, not code.
_MAX_COMMENTED_LINES = 12
_MAX_DROPPED_TAIL = 40

_PROMPT = re.compile(r"^(\s*)(?:>>>|\.\.\.)(?: |$)")
_WRAPPER = "def __codeeval_fragment_{n}__():"


@dataclass(frozen=True)
class Prepared:
    """Code ready for the engines, and how to map its lines back to the original."""

    text: str
    parsed: bool
    repair: str | None  # "+"-joined step names, None when the original parsed as it was
    offset: int = 0  # opener lines prepended by `wrap`
    original_lines: int = 0

    def original_line(self, line: int) -> int:
        """Line in the original text for a line of `text` (clamped to the original's range)."""
        mapped = line - self.offset
        return max(1, min(mapped, max(self.original_lines, 1)))


def _parses(text: str) -> SyntaxError | None:
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences in model code are warnings, not our problem.
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as exc:
        return exc
    except (ValueError, RecursionError, MemoryError) as exc:  # NUL bytes, absurd nesting
        return SyntaxError(str(exc))
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t")) if line.strip() else -1


def _dedent(text: str) -> str:
    return textwrap.dedent(text)


def _strip_prompts(text: str) -> str:
    """`>>> x = 1` / `... y` transcripts: drop the prompts, keep the code (output lines become comments)."""
    lines = text.split("\n")
    if not any(_PROMPT.match(line) for line in lines):
        return text
    out = []
    for line in lines:
        m = _PROMPT.match(line)
        if m:
            out.append(line[m.end() :] if len(line) > m.end() else "")
        elif line.strip():
            out.append("# " + line)  # printed output between prompts
        else:
            out.append(line)
    return "\n".join(out)


def _expand_tabs(text: str) -> str:
    return "\n".join(line.expandtabs(8) if line[:1] in ("\t", " ") else line for line in text.split("\n"))


def _wrap(text: str) -> tuple[str, int]:
    """Open a function at every indentation level below the first line's, so a snippet that starts
    deep inside a method and later dedents still forms valid blocks."""
    lines = text.split("\n")
    indents = [_indent(line) for line in lines]
    code = [i for i in indents if i >= 0]
    if not code or code[0] == 0:
        return text, 0
    first = code[0]
    levels = sorted({0} | {i for i in code if i < first})
    openers = [" " * level + _WRAPPER.format(n=n) for n, level in enumerate(levels)]
    return "\n".join(openers + lines), len(openers)


def _comment_out(text: str, error: SyntaxError, offset: int) -> str | None:
    """Turn the line the parser choked on into `pass` at the same indentation: keeps lines aligned
    and keeps any block it opened or closed syntactically valid."""
    lines = text.split("\n")
    lineno = error.lineno or 0
    if not 1 + offset <= lineno <= len(lines):
        return None
    idx = lineno - 1
    line = lines[idx]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    replacement = indent + "pass"
    if line == replacement:
        return None
    lines[idx] = replacement
    return "\n".join(lines)


def _drop_tail(text: str, offset: int) -> str | None:
    """Blank trailing lines until the rest parses: the usual shape of output cut by a token limit."""
    lines = text.split("\n")
    end = len(lines)
    floor = max(offset + 1, end - _MAX_DROPPED_TAIL)
    while end > floor:
        end -= 1
        candidate = lines[:end] + [""] * (len(lines) - end)
        joined = "\n".join(candidate)
        if _parses(joined) is None:
            return joined
    return None


def _attempt(text: str, steps: list[str], offset: int) -> tuple[str, list[str], int, bool]:
    """Finish a repair chain: comment out bad lines, then drop the tail if that was not enough."""
    current = text
    error = _parses(current)
    if error is None:
        return current, steps, offset, True
    commented = 0
    trial = current
    while error is not None and commented < _MAX_COMMENTED_LINES:
        nxt = _comment_out(trial, error, offset)
        if nxt is None:
            break
        trial, commented = nxt, commented + 1
        error = _parses(trial)
    if error is None:
        return trial, [*steps, "comment_out_lines"], offset, True
    dropped = _drop_tail(current, offset)
    if dropped is not None:
        return dropped, [*steps, "drop_tail"], offset, True
    return current, steps, offset, False


def prepare_python(code: str) -> Prepared:
    """Return the original when it parses, else the first repair chain that makes it parse.
    When nothing works the original goes to the engines anyway: Semgrep's parser recovers from
    errors and its findings still count."""
    n = code.count("\n") + 1
    if _parses(code) is None:
        return Prepared(code, True, None, 0, n)

    base = code.replace("\r\n", "\n").replace("\r", "\n")
    candidates: list[tuple[str, list[str]]] = []
    text, steps = base, []
    for name, fn in (("strip_prompts", _strip_prompts), ("expand_tabs", _expand_tabs), ("dedent", _dedent)):
        new = fn(text)
        if new != text:
            text, steps = new, [*steps, name]
            if _parses(text) is None:
                return Prepared(text, True, "+".join(steps), 0, n)
    candidates.append((text, steps))

    for text, steps in candidates:
        wrapped, offset = _wrap(text)
        if offset:
            if _parses(wrapped) is None:
                return Prepared(wrapped, True, "+".join([*steps, "wrap_function"]), offset, n)
            result = _attempt(wrapped, [*steps, "wrap_function"], offset)
            if result[3]:
                return Prepared(result[0], True, "+".join(result[1]), result[2], n)
        result = _attempt(text, steps, 0)
        if result[3]:
            return Prepared(result[0], True, "+".join(result[1]), 0, n)
    return Prepared(code, False, None, 0, n)
