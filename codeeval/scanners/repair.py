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
import gc
import io
import re
import textwrap
import threading
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


# CPython 3.11 keeps the AST builder's recursion depth per interpreter, not per thread (gh-106905): two
# threads parsing at once (Bandit in a caller's thread, repair in a Semgrep batch) can fail with
# "SystemError: AST constructor recursion depth mismatch". Every parse in codeeval takes this lock.
AST_LOCK = threading.Lock()


def physical_lines(text: str) -> list[str]:
    """The lines of `text` as Python's parser numbers them, ends kept: only \\n, \\r\\n and \\r end one
    (str.splitlines also breaks at a form feed, common in the standard library, and the AST's line
    numbers would point at the wrong line)."""
    return io.StringIO(text, newline="").readlines()


# The last program parsed and its tree: the stages that read one program in turn (the syntax check,
# then the shell commands inside it) parse it once. A tree is shared: read it, never change it.
_last: list = [None, None]


def _parsed(text: str) -> ast.Module:
    """ast.parse, remembered for the next call; the caller holds AST_LOCK."""
    if _last[0] is not None and _last[0] == text:
        return _last[1]
    collecting = gc.isenabled()
    # A tree holds no cycles, but building one allocates so many objects that the cycle collector runs
    # over and over, each time through every live object: half the time of a parse on real modules.
    gc.disable()
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences in model code are warnings, not our problem.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    finally:
        if collecting:
            gc.enable()
    _last[:] = [text, tree]
    return tree


def parse(text: str) -> ast.Module | None:
    """The module `text` parses to, or None: under the lock, without warnings about model code's escapes."""
    try:
        with AST_LOCK:
            return _parsed(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def syntax_error(text: str) -> SyntaxError | None:
    """The error `ast.parse` raises on `text` (as Bandit would see it), or None when it parses."""
    try:
        with AST_LOCK:
            _parsed(text)
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


def _named_line(text: str, error: SyntaxError, offset: int) -> tuple[list[str], int] | None:
    """The lines and the index of the line a syntax error names, when it is one of ours to change
    (never an opener that `wrap` added)."""
    lines = text.split("\n")
    lineno = error.lineno or 0
    if not 1 + offset <= lineno <= len(lines):
        return None
    return lines, lineno - 1


def _comment_out(text: str, error: SyntaxError, offset: int) -> str | None:
    """Turn the line the parser choked on into `pass` at the same indentation: keeps lines aligned
    and keeps any block it opened or closed syntactically valid."""
    named = _named_line(text, error, offset)
    if named is None:
        return None
    lines, idx = named
    line = lines[idx]
    replacement = line[: len(line) - len(line.lstrip(" \t"))] + "pass"
    if line == replacement:
        return None
    lines[idx] = replacement
    return "\n".join(lines)


def _reindent(text: str, error: SyntaxError, offset: int) -> str | None:
    """Fix the indentation of the one line an IndentationError names (a stray space-indented line
    among tabs, a body that lost its indent), instead of throwing the line away."""
    named = _named_line(text, error, offset) if isinstance(error, IndentationError) else None
    if named is None:
        return None
    lines, idx = named
    line = lines[idx]
    current = _indent(line)
    previous = [(_indent(l), l) for l in lines[:idx] if _indent(l) >= 0 and not l.lstrip().startswith("#")]
    prev_indent = previous[-1][0] if previous else 0
    message = str(error.msg)
    if "expected an indented block" in message:
        target = prev_indent + 4
    elif "unexpected indent" in message:
        target = prev_indent
    else:  # unindent does not match any outer level: snap to the nearest enclosing level
        levels = sorted({i for i, _ in previous if i <= current} | {0})
        target = levels[-1]
    if target == current or current < 0:
        return None
    lines[idx] = " " * target + line.lstrip(" \t")
    return "\n".join(lines)


_OPENERS = {"(": ")", "[": "]", "{": "}"}


def _close_brackets(text: str) -> str | None:
    """Output cut mid-statement: close the string and brackets left open at the end, on the last line."""
    stack: list[str] = []
    quote: str | None = None
    dangling: str | None = None  # a one-line string left open by the cut, on the last line
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not quote and not ch.isspace():
            dangling = None
        if quote:
            if ch == "\\":
                i += 2
                continue
            if text.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            if ch == "\n" and len(quote) == 1:
                dangling, quote = quote, None
        elif ch == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        elif ch in "'\"":
            quote = text[i : i + 3] if text[i : i + 3] in ("\"\"\"", "'''") else ch
            i += len(quote)
            continue
        elif ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch in ")]}" and stack and stack[-1] == ch:
            stack.pop()
        i += 1
    quote = quote or dangling
    if not stack and not quote:
        return None
    body = text.rstrip("\n")
    trailing = text[len(body) :]
    closing = (quote or "") + "".join(reversed(stack))
    # A dangling operator or comma before the cut would still be a syntax error.
    stripped = body.rstrip()
    if not quote and stripped.endswith((",", "+", "-", "*", "/", "%", "=", ".", "and", "or", "not", "in")):
        body = stripped.rstrip(",+-*/%=.") if not stripped.endswith(("and", "or", "not", "in")) else stripped
    return body + closing + trailing


def _drop_tail(text: str, offset: int) -> str | None:
    """Blank trailing lines until the rest parses: the usual shape of output cut by a token limit."""
    lines = text.split("\n")
    end = len(lines)
    floor = max(offset + 1, end - _MAX_DROPPED_TAIL)
    while end > floor:
        end -= 1
        candidate = lines[:end] + [""] * (len(lines) - end)
        joined = "\n".join(candidate)
        if syntax_error(joined) is None:
            return joined
    return None


def _attempt(text: str, steps: list[str], offset: int) -> tuple[str, list[str], int, bool]:
    """Finish a repair chain: close what a cut left open, fix or neutralise the lines the parser
    names one by one, and drop the tail only if all of that fails."""
    error = syntax_error(text)
    if error is None:
        return text, steps, offset, True
    closed = _close_brackets(text)
    if closed is not None:
        if syntax_error(closed) is None:
            return closed, [*steps, "close_brackets"], offset, True
        # The cut may have left half an argument (`f(a=1, use_relo`): drop it and close again.
        head, comma, _ = text.rstrip().rpartition(",")
        if comma and "\n" not in _:
            shorter = _close_brackets(head + "\n" * (len(text) - len(text.rstrip()) or 1))
            if shorter is not None and syntax_error(shorter) is None:
                return shorter, [*steps, "close_brackets"], offset, True
    # Closing only helps a cut at the end; when it does not make the text parse, start from the text as it was.
    trial, used = text, []
    for _ in range(_MAX_COMMENTED_LINES):
        if error is None:
            break
        fixed = _reindent(trial, error, offset)
        name = "reindent"
        if fixed is None:
            fixed, name = _comment_out(trial, error, offset), "comment_out_lines"
        if fixed is None:
            break
        trial = fixed
        if name not in used:
            used.append(name)
        error = syntax_error(trial)
    if error is None:
        return trial, [*steps, *used], offset, True
    dropped = _drop_tail(text, offset)
    if dropped is not None:
        return dropped, [*steps, "drop_tail"], offset, True
    return text, steps, offset, False


def prepare_python(code: str) -> Prepared:
    """Return the original when it parses, else the first repair chain that makes it parse.
    When nothing works the original goes to the engines anyway: Semgrep's parser recovers from
    errors and its findings still count."""
    n = code.count("\n") + 1
    if syntax_error(code) is None:
        return Prepared(code, True, None, 0, n)

    base = code.replace("\r\n", "\n").replace("\r", "\n")
    candidates: list[tuple[str, list[str]]] = []
    text, steps = base, []
    for name, fn in (("strip_prompts", _strip_prompts), ("expand_tabs", _expand_tabs), ("dedent", _dedent)):
        new = fn(text)
        if new != text:
            text, steps = new, [*steps, name]
            if syntax_error(text) is None:
                return Prepared(text, True, "+".join(steps), 0, n)
    candidates.append((text, steps))

    for text, steps in candidates:
        wrapped, offset = _wrap(text)
        if offset:
            if syntax_error(wrapped) is None:
                return Prepared(wrapped, True, "+".join([*steps, "wrap_function"]), offset, n)
            result = _attempt(wrapped, [*steps, "wrap_function"], offset)
            if result[3]:
                return Prepared(result[0], True, "+".join(result[1]), result[2], n)
        result = _attempt(text, steps, 0)
        if result[3]:
            return Prepared(result[0], True, "+".join(result[1]), 0, n)
    return Prepared(code, False, None, 0, n)
