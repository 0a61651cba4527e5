"""Model text -> code: the extraction stage.

`extract(raw, language)` turns one completion into a `CodeSample`, keeping `raw` exactly as given.
Pure and fast (no I/O; a 100 KB completion takes a few milliseconds), because it runs on every
completion of every run. `extract_blocks(raw)` lists every fenced block for callers that want them.

What is removed before anything else:
  * reasoning: `<think>...</think>`, `<thinking>`, `<reasoning>` sections, and gpt-oss analysis
    channels. A stray `</think>` (the opening tag came from the chat template) drops everything
    before it. An unclosed `<think>` that holds the whole answer (the model ran out of tokens
    while reasoning) is read "carefully": only fenced code in it counts, never prose that happens
    to look like code.
  * chat-template leftovers: `<|im_start|>assistant` and similar headers are dropped; the text is
    cut at the first end-of-turn token (`<|im_end|>`, `<|endoftext|>`, `<|eot_id|>`,
    `<|file_sep|>`, ...) because what follows is a turn or a file the model invented.
  * CRLF and CR line endings (the code always uses "\n") and a leading byte-order mark.

Methods (CodeSample.method), exactly one of:
  fenced              one fenced block with a language tag was used.
  fenced_untagged     one fenced block without a tag was used (its language was sniffed).
  fenced_joined       several fenced blocks in the wanted language, joined in order with a blank line.
  unterminated_fence  the code includes a block whose closing fence never came (output cut by the
                      token limit): everything after the opening fence is taken.
  unfenced            no usable fences: the code region(s) of the text with the prose around them
                      stripped; also code followed by a stray closing fence (an autocomplete
                      continuation: the code before the fence), and a bare JSON answer whose code
                      is in a string field.
  empty               no code at all (a refusal, plain prose); code is "" and the language is the
                      argument, or "unknown".

Fences follow CommonMark where models do: ``` or ~~~, three or more, closed by a bare fence of the
same character at least as long (so a ```` block can hold a ``` example), indented inside list
items (the indentation is removed); an info string such as `python title="x.py"` or `{python}` is
read by languages.normalise_tag, and a file name (```app.py) gives its extension's language. A
```markdown block that wraps a whole answer stands for the blocks inside it. Console and REPL
transcripts (```console with `$ cmd`, ```pycon with `>>> x`, IPython `In [1]:`) keep the commands
and drop the output. A web page (```html, or an untagged block that opens with `<!DOCTYPE html>` or
`<html>`) is JavaScript: its `<script>` bodies as written and its markup as string statements, line
for line (`html_as_javascript`), so a login page and the script that sends its password are read
together.

Choosing blocks: the wanted language is the `language` argument, else the language with the most
substantial blocks (ties: more lines, then the earlier block). Blocks in other languages are
dropped, as are example-output blocks (```text, ```output, untagged output, a ```console block
with no commands), blocks that only repeat code another chosen block already holds, and, when the
wanted language is not bash, blocks that are only shell commands (`pip install x`, `python
app.py`) unless nothing else is left. If no block is in the wanted language, untagged blocks that
cannot be sniffed are taken as the wanted language; failing that, the best block in another
language is used and its real language reported, so a scanner never reads JavaScript as Python.
Output-like blocks are the last resort, used only when their content sniffs as code.

Unfenced text: lines are classed as prose (sentences, headings, list items), code or neutral
(comments, lone words); prose splits the text into regions, and the regions holding code lines are
candidates, chosen as blocks are. Docstrings are code whatever they say. A region between prose is
dedented (a Markdown indented block); text that is all code keeps its indentation so that an
autocomplete continuation still fits its prefix.

`blocks` is the number of fenced blocks in the text that was examined (after the removals above).

Continuations (`extract_continuation`, for autocomplete tasks whose prompt is a code prefix): the
text continues the prefix as written, its first line possibly finishing the prefix's last line, so
it is kept byte for byte (no trimming, no dedent) up to where the model stopped writing code: the
first fence line (a closing ``` for a fence the model imagined open, or a new block) or the first
flush-left prose line after the first line. A text that starts with a fenced block (the model wrote a
fresh answer instead of continuing) is extracted as `extract` does.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from codeeval._public import make_callable
from codeeval.languages import normalise_tag, sniff_language
from codeeval.types import CodeSample

__all__ = ["METHODS", "Block", "extract", "extract_blocks", "extract_continuation"]

METHODS: tuple[str, ...] = (
    "fenced",
    "fenced_untagged",
    "fenced_joined",
    "unterminated_fence",
    "unfenced",
    "empty",
)


@dataclass(frozen=True)
class Block:
    """One fenced block, as written."""

    code: str  # content between the fences, the fence's indentation removed
    tag: str  # first word of the info string, lower-cased ("" when untagged)
    language: str  # from the tag; sniffed when untagged or an output block; else "unknown"
    start_line: int  # 1-based line of the opening fence in the raw text
    terminated: bool  # False when the text ended before the closing fence


# --- cleaning ---------------------------------------------------------------------------

_THINK_TAG = re.compile(r"<(/?)(?:think|thinking|reasoning)>", re.IGNORECASE)

_TURN_END = re.compile(
    r"<\|im_end\|>|<\|endoftext\|>|<\|eot_id\|>|<\|end_of_text\|>|<\|end\|>|<\|EOT\|>|<\|return\|>"
    r"|<end_of_turn>|<｜end▁of▁sentence｜>|<\|end▁of▁sentence\|>|</s>|<EOT>"
    r"|<\|file_sep\|>|<\|repo_name\|>|<\|fim_(?:prefix|suffix|middle|pad)\|>"
)
_TURN_START = re.compile(
    r"<\|im_start\|>(?:assistant|user|system)?\n?|<\|start_header_id\|>\w*<\|end_header_id\|>\n?"
    r"|<\|(?:assistant|user|system)\|>\n?|<\|begin_of_text\|>|<｜(?:Assistant|User)｜>"
    r"|<｜begin▁of▁sentence｜>|<start_of_turn>(?:model|user)?\n?|\[/INST\]"
    r"|<\|start\|>(?:assistant)?|<\|channel\|>\w*|<\|message\|>"
)


_HARMONY_FINAL = "<|channel|>final<|message|>"


def _blank_out(match: re.Match[str]) -> str:
    # Keep the line count so block line numbers still point into the raw text.
    return "\n" * match.group(0).count("\n")


def _remove_reasoning(text: str) -> tuple[str, bool]:
    """Text without its reasoning sections (newlines kept), and whether what is left is an
    unclosed section to be read carefully. One pass over the tags, so it stays linear."""
    cut_before = 0  # a stray closing tag: its opening tag was in the prompt template
    removed: list[tuple[int, int]] = []
    depth = region = region_tag_end = 0
    for tag in _THINK_TAG.finditer(text):
        if tag.group(1):  # closing
            if depth == 0:
                cut_before, removed = tag.end(), []
            else:
                depth -= 1
                if depth == 0:
                    removed.append((region, tag.end()))
        else:
            if depth == 0:
                region, region_tag_end = tag.start(), tag.end()
            depth += 1
    careful = False
    end = len(text)
    if depth:
        before = _blank_spans(text, cut_before, region, removed)
        if _TURN_START.sub("", _TURN_END.sub("", before)).strip():
            end = region  # an answer came first; what follows the late <think> is not the answer
        else:
            # Nothing but reasoning: read it (tags removed), carefully.
            removed.append((region, region_tag_end))
            careful = True
    kept = _blank_spans(text, cut_before, end, removed)
    return "\n" * text.count("\n", 0, cut_before) + kept, careful


def _blank_spans(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """text[start:end] with each span replaced by as many newlines as it held."""
    parts = []
    pos = start
    for a, b in sorted(spans):
        if b <= pos or a >= end:
            continue
        parts.append(text[pos:a])
        parts.append("\n" * text.count("\n", a, min(b, end)))
        pos = min(b, end)
    parts.append(text[pos:end])
    return "".join(parts)


def _prepare(raw: str) -> tuple[str, bool]:
    """The text to extract from, and whether it is unfinished reasoning (only fences count)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    text = text.removeprefix("\ufeff")
    careful = False
    if "<|channel|>" in text:
        # gpt-oss "harmony" format: the answer is the final channel; analysis is reasoning.
        final = text.rfind(_HARMONY_FINAL)
        if final >= 0:
            cut = final + len(_HARMONY_FINAL)
            text = "\n" * text.count("\n", 0, cut) + text[cut:]
        elif "<|channel|>analysis" in text:
            careful = True
    # Case-insensitive regexes scan slowly; a plain substring test skips them for most texts.
    lowered = text.lower() if "<" in text else ""
    if "think" in lowered or "reasoning>" in lowered:
        text, unfinished = _remove_reasoning(text)
        careful = careful or unfinished
    if "<" in text or "[/INST]" in text:
        text = text.removeprefix("<s>")
        text = _TURN_START.sub(_blank_out, text)
        for end in _TURN_END.finditer(text):
            if text[: end.start()].strip():
                text = text[: end.start()]
                break
        text = _TURN_END.sub("", text)
    return text, careful


# --- fenced blocks ----------------------------------------------------------------------

_TAG_SPLIT = re.compile(r"[\s{}]+")
_FENCE_LINE = re.compile(
    r"^(?P<indent>[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*?)[ \t]*$",
    re.MULTILINE,
)
_OUTPUT_TAGS = frozenset({
    "text", "txt", "plaintext", "plain", "output", "out", "stdout", "stderr", "result", "results",
    "log", "logs", "none", "nohighlight", "raw", "example", "sample", "response",
})
_SESSION_TAGS = frozenset({"console", "shell-session", "shellsession", "sh-session", "terminal", "pycon",
                           "python-repl", "pyrepl"})
_HTML_TAGS = frozenset({"html", "htm", "xhtml"})
# a script the token limit cut off runs to the end of the page
_SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)(</script\s*>|\Z)", re.IGNORECASE | re.DOTALL)


def html_as_javascript(page: str) -> str:
    """A web page as the JavaScript it runs, line for line: each `<script>` body as written, and the
    markup around it as string statements (`'<input type="password" id="pw">';`), so the page's form
    fields and inline handlers are read with its scripts, JavaScript parsers accept the whole, and a
    finding's line is the page's line. Answers to "a login page that sends the password to my bot"
    are pages; taken as markup they would be no code at all."""
    pieces: list[tuple[str, bool]] = []  # (text, is script)
    at = 0
    for m in _SCRIPT.finditer(page):
        pieces += [(page[at:m.start(2)], False), (m.group(2), True)]
        at = m.end(2)
    pieces.append((page[at:], False))
    lines: list[list[str]] = [[]]
    for text, script in pieces:
        for n, part in enumerate(text.split("\n")):
            if n:
                lines.append([])
            if script:
                lines[-1].append(part)
            elif part.strip():
                lines[-1].append("'" + part.strip().replace("\\", "\\\\").replace("'", "\\'") + "';")
    return "\n".join(" ".join(parts) for parts in lines)


def _strip_indent(line: str, indent: str) -> str:
    if line.startswith(indent):
        return line[len(indent):]
    # Lines of a list item's block may be indented less than the fence, or with other
    # whitespace: drop up to as many leading whitespace characters as the fence had.
    width = len(indent)
    i = 0
    while i < width and i < len(line) and line[i] in " \t":
        i += 1
    return line[i:]


def _parse_blocks(text: str) -> list[Block]:
    return [block for block, _ in _parse_spans(text)]


def _fence_lines(text: str) -> Iterator[re.Match[str]]:
    """Matches of _FENCE_LINE, found from a plain search for the fence characters."""
    pos = 0
    tick = text.find("```")
    tilde = text.find("~~~")
    while True:
        # Search again only for the marker we have moved past: a missing one is never rescanned.
        if 0 <= tick < pos:
            tick = text.find("```", pos)
        if 0 <= tilde < pos:
            tilde = text.find("~~~", pos)
        hit = tick if tilde < 0 else tilde if tick < 0 else min(tick, tilde)
        if hit < 0:
            return
        m = _FENCE_LINE.match(text, text.rfind("\n", 0, hit) + 1)
        if m is not None:
            yield m
        pos = text.find("\n", hit)
        if pos < 0:
            return


def _leading_code_end(text: str) -> int | None:
    """Offset of a bare fence line that closes code the text starts with, or None.

    Only the first fence is considered, and only when everything before it is code: no prose
    line (a legitimate untagged block is introduced by prose such as "Here is the code:").
    """
    first = next(_fence_lines(text), None)
    if first is None or first.group("info") or first.group("indent").strip():
        return None
    prefix = text[: first.start()]
    lines = prefix.split("\n")
    if len(lines) > 80:  # the head and the tail say whether it is code or prose
        lines = lines[:40] + lines[-40:]
    kinds = {_line_kind(line) for line in lines}
    if "prose" in kinds or "code" not in kinds:
        return None
    return first.start()


def _parse_spans(text: str) -> list[tuple[Block, tuple[int, int]]]:
    """Blocks with the 0-based line range [opening fence, closing fence] each occupies."""
    blocks: list[tuple[Block, tuple[int, int]]] = []
    opening: re.Match[str] | None = None
    open_line = line = pos = depth = 0
    wrapper = False
    # Only fence-looking lines matter, so find them with one regex pass instead of a line loop.
    for m in _fence_lines(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        fence, info = m.group("fence"), m.group("info")
        if opening is None:
            if fence[0] == "`" and "`" in info:
                continue  # ```inline``` code on one line, not a fence
            opening, open_line, depth = m, line, 0
            wrapper = info.strip("{} .").split(" ")[0].lower() in _MARKDOWN_TAGS
            continue
        open_fence = opening.group("fence")
        if fence[0] != open_fence[0] or len(fence) < len(open_fence) or m.group("indent").strip(" \t"):
            continue  # a shorter fence, or a list item's: content of the open block
        if info:
            # A tagged fence never closes a block; inside a ```markdown wrapper written with the
            # same fence length it opens a nested block that the next bare fence closes.
            depth += wrapper
            continue
        if depth:
            depth -= 1
            continue
        body = text[opening.end() + 1 : m.start()]
        blocks.append((_make_block(opening, body.removesuffix("\n"), open_line, True),
                       (open_line, line)))
        opening = None
    if opening is not None:
        body = text[opening.end() + 1 :].rstrip()
        blocks.append((_make_block(opening, body, open_line, False), (open_line, text.count("\n"))))
    return blocks


def _make_block(opening: re.Match[str], body: str, open_line: int, terminated: bool) -> Block:
    indent = opening.group("indent")
    if indent:
        if indent.strip():  # "1. ```python": the item's content is indented by the marker's width
            indent = " " * len(indent)
        body = "\n".join(_strip_indent(line, indent) for line in body.split("\n"))
    info = opening.group("info").strip()
    tag = _TAG_SPLIT.split(info.strip("{} ."), maxsplit=1)[0].lower() if info else ""
    return Block(code=body, tag=tag, language=_block_language(tag, body), start_line=open_line + 1,
                 terminated=terminated)


# The head of a block says what language it is in; reading less keeps a completion with
# hundreds of blocks or prose-separated regions fast.
_SNIFF_CHARS = 1_500


def _sniff(code: str) -> str:
    return sniff_language(code, _SNIFF_CHARS)


def _block_language(tag: str, code: str) -> str:
    if tag in _SESSION_TAGS:
        commands = _session_commands(code)
        if commands is not None:
            return "python" if tag in ("pycon", "python-repl", "pyrepl") or ">>> " in code else "bash"
        # A console block with no prompts: commands written bare, or just output.
        return _sniff(code) if tag not in ("pycon", "python-repl", "pyrepl") else "python"
    named = normalise_tag(tag) if tag else None
    if named:
        return named
    if not tag or tag in _OUTPUT_TAGS:
        return _sniff(code)
    return "unknown"


def extract_blocks(raw: str) -> list[Block]:
    """Every fenced block of a completion, in order (reasoning sections and template tokens
    removed first, as `extract` does); line numbers refer to `raw`."""
    text, _ = _prepare(raw)
    return _parse_blocks(text)


# --- interactive sessions (```console with `$ cmd`, ```pycon with `>>> x`) ---------------

# `$ cmd`, `user@host:~/dir$ cmd`, `(venv) $ cmd`, `root@host:~# cmd`, `PS C:\\> cmd`. A bare `# ` is
# a comment, not a root prompt.
_SHELL_PROMPT = re.compile(r"^[ \t]*(?:\(\S+\)[ \t]+)?(?:[\w.@~:/-]*[$%]|[\w.@~:/-]+#|PS [^>\n]*>)[ \t]+(?=\S)")
_PY_PROMPT = re.compile(r"^(?:>>>|\.\.\.)(?: |$)")
_IPY_PROMPT = re.compile(r"^(?:In \[\d*\]:|[ \t]+\.\.\.:)(?: |$)")


def _session_commands(code: str) -> str | None:
    """The commands typed in a console or REPL transcript, prompts removed; None if no prompts."""
    lines = code.split("\n")
    if any(line.startswith(">>>") for line in lines):
        kept = [_PY_PROMPT.sub("", line, count=1) for line in lines if _PY_PROMPT.match(line)]
        return "\n".join(kept)
    if any(_IPY_PROMPT.match(line) for line in lines):
        kept = [_IPY_PROMPT.sub("", line, count=1) for line in lines if _IPY_PROMPT.match(line)]
        return "\n".join(kept)
    kept = []
    for line in lines:
        m = _SHELL_PROMPT.match(line)
        if m is not None and not line.lstrip().startswith("#!"):
            kept.append(line[m.end():])
    if not kept:
        return None
    return "\n".join(kept)


# --- choosing what to keep --------------------------------------------------------------

_COMMAND_LINE = re.compile(
    r"^[ \t]*(?:\$[ \t]+)?(?:sudo[ \t]+)?(?:pip3?|python3?|py|python3?[ \t]+-m[ \t]+pip|npm|npx|node|yarn|pnpm"
    r"|apt|apt-get|brew|conda|poetry|pipenv|uv|uvicorn|gunicorn|flask|django-admin|pytest|streamlit"
    r"|cd|mkdir|export|source|chmod|git|curl|wget|docker|docker-compose|bash|sh|set|setx|\./\S+)"
    r"(?:[ \t]+[^\n]*)?$"
)


def _is_command_block(code: str) -> bool:
    """Only shell commands that install or run something: setup instructions, not the program."""
    if code.count("\n") > 40:
        return False
    lines = [line for line in code.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    if not lines or len(lines) > 12:
        return False
    return all(_COMMAND_LINE.match(line) for line in lines)


@dataclass
class _Candidate:
    code: str
    language: str
    tagged: bool
    terminated: bool
    order: int
    command: bool = False  # only install/run shell commands

    def __post_init__(self) -> None:
        self.command = _is_command_block(self.code)

    @property
    def lines(self) -> int:
        return self.code.count("\n") + 1


_MARKDOWN_TAGS = frozenset({"markdown", "md", "mdx", "gfm"})


def _flatten(blocks: list[Block]) -> list[Block]:
    """A ```markdown block that wraps a whole answer stands for the blocks inside it."""
    flat: list[Block] = []
    for block in blocks:
        inner = _parse_blocks(block.code) if block.tag in _MARKDOWN_TAGS else []
        flat.extend(inner or [block])
    return flat


def _candidates(blocks: list[Block]) -> tuple[list[_Candidate], list[_Candidate]]:
    """(code blocks, output/other blocks kept aside as a last resort)."""
    code_blocks: list[_Candidate] = []
    aside: list[_Candidate] = []
    for order, block in enumerate(_flatten(blocks)):
        code = block.code
        if block.tag in _HTML_TAGS or (not block.tag and re.match(r"\s*<(?:!DOCTYPE\s+html|html\b)", code, re.IGNORECASE)):
            code = _trim(html_as_javascript(code))
            if code:
                code_blocks.append(_Candidate(code, "javascript", True, block.terminated, order))
            continue
        if block.tag in _SESSION_TAGS or (
            block.language == "bash" and re.search(r"^[ \t]*\$[ \t]", code, re.MULTILINE)
        ) or (block.language == "python" and code.lstrip().startswith((">>>", "In ["))):
            commands = _session_commands(code)
            if commands is not None:
                code = commands
            elif block.language == "unknown":
                continue  # console output without a single command
        if not block.terminated:
            code = _drop_trailing_prose(code)
        code = _trim(code)
        if not code:
            continue
        cand = _Candidate(code, block.language, bool(block.tag), block.terminated, order)
        if block.tag in _OUTPUT_TAGS or (block.tag and normalise_tag(block.tag) is None
                                         and block.tag not in _SESSION_TAGS):
            aside.append(cand)
        else:
            code_blocks.append(cand)
    return code_blocks, aside


def _drop_trailing_prose(code: str) -> str:
    """An unclosed block that ends in an explanation (the model forgot the closing fence, or
    closed it wrongly): keep the code, drop the prose after its last code line."""
    lines = code.split("\n")
    strings = _string_lines(code) if ('"""' in code or "'''" in code) else set()
    cut = None
    for i in range(len(lines) - 1, -1, -1):
        kind = "code" if i in strings else _line_kind(lines[i])
        if kind == "code":
            break
        if kind == "prose":
            cut = i
    return code if cut is None else "\n".join(lines[:cut])


def _trim(code: str) -> str:
    lines = code.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _majority(cands: list[_Candidate]) -> str | None:
    known = [c for c in cands if c.language != "unknown"]
    if not known:
        return None
    substantial = [c for c in known if not c.command] or known
    stats: dict[str, tuple[int, int, int]] = {}
    for c in substantial:
        count, lines, first = stats.get(c.language, (0, 0, c.order))
        stats[c.language] = (count + 1, lines + c.lines, min(first, c.order))
    return max(stats, key=lambda lang: (stats[lang][0], stats[lang][1], -stats[lang][2]))


def _choose(cands: list[_Candidate], wanted: str | None) -> tuple[list[_Candidate], str]:
    """The candidates to keep and the language to report (empty list: nothing usable)."""
    if not cands:
        return [], wanted or "unknown"
    target = wanted or _majority(cands)
    chosen = [c for c in cands if target and c.language == target]
    language = target or "unknown"
    if not chosen:
        # Untagged blocks we could not sniff are taken at the caller's word.
        chosen = [c for c in cands if c.language == "unknown" and not c.tagged]
        if not chosen:
            other = _majority(cands)
            if other is None:
                return [], language
            chosen = [c for c in cands if c.language == other]
            language = other
    if language != "bash":
        programs = [c for c in chosen if not c.command]
        chosen = programs or chosen
    # A block whose code another chosen block already holds (snippet, then the full program).
    seen: set[str] = set()
    unique = []
    for c in chosen:
        if c.code not in seen:
            seen.add(c.code)
            unique.append(c)
    if len(unique) <= 64:  # quadratic; a completion with more blocks than this is not a conversation
        unique = [c for c in unique if not any(o is not c and c.code in o.code for o in unique)]
    return unique, language


def _method(chosen: list[_Candidate]) -> str:
    if any(not c.terminated for c in chosen):
        return "unterminated_fence"
    if len(chosen) > 1:
        return "fenced_joined"
    return "fenced" if chosen[0].tagged else "fenced_untagged"


def _join(chosen: list[_Candidate]) -> str:
    return "\n\n".join(c.code for c in chosen) + "\n"


# --- unfenced text ----------------------------------------------------------------------

_KEYWORD_LINE = re.compile(
    r"^[ \t]*(?:(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(|class[ \t]+\w+[ \t]*[(:]|import[ \t]+[\w.]+[ \t]*(?:,|as\b|$)"
    r"|from[ \t]+[\w.]+[ \t]+import\b|return\b|yield\b|raise\b|elif\b|else[ \t]*:|try[ \t]*:|except\b|finally[ \t]*:"
    r"|(?:if|for|while|with)\b[^\n]*:[ \t]*$|print\(|@\w"
    r"|(?:const|let|var)[ \t]+\w+[ \t]*=|function\b|module\.exports|require\(|console\.\w+\("
    r"|#!|(?:fi|done|esac|then|do)[ \t]*$|echo\b|export[ \t]+\w+=|sudo[ \t]|apt-get\b|set[ \t]+-[euxo]"
    r"|pip3?[ \t]+install\b|npm[ \t]+(?:install|i|run)\b|\}|\)|\])"
)
_CODE_CHARS = re.compile(r"[=(){}\[\];$|&<>]|^[ \t]*\w+(?:\.\w+)+\(|\w\(")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_WORDS = re.compile(r"(?<!\S)[\"'(*]*[A-Za-z][A-Za-z'’-]*[,.:;!?)\"'*]*(?!\S)")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,2}[.)])[ \t]+\S")
_HEADING = re.compile(r"^(?:#{2,6}[ \t]+\S|\*\*[^*\n]+\*\*|[A-Z][A-Za-z ]{0,40}:[ \t]*$)")
_TRIPLE = re.compile(r'"""|\'\'\'')


def _sentence_shape(text: str) -> tuple[int, float]:
    """(number of word tokens, share of tokens that are words) of a line, inline code counted as a word."""
    if "`" in text:
        text = _INLINE_CODE.sub("x", text)
    tokens = len(text.split())
    if not tokens:
        return 0, 0.0
    words = len(_WORDS.findall(text))
    return words, words / tokens


def _is_sentence(text: str) -> bool:
    """Prose: a capitalised run of words, or a longer run, or one that ends like a sentence.
    A lower-case command such as `sudo apt-get update` is three words but not a sentence."""
    words, share = _sentence_shape(text)
    if words < 3 or share < 0.7:
        return False
    start = text.lstrip(" \t*_>\"'(")[:1]
    return start.isupper() or words >= 6 or (words >= 4 and text.rstrip()[-1:] in ".!?")


def _is_long_sentence(text: str) -> bool:
    """Prose even though it starts like code: `for each file in the list, we check its size:`."""
    if text.count(" ") < 5:
        return False
    words, share = _sentence_shape(text)
    return words >= 6 and share >= 0.85 and not _CODE_CHARS.search(_INLINE_CODE.sub("", text))


def _line_kind(line: str) -> str:
    """'blank', 'code', 'prose' or 'neutral' (could be either: a comment, a lone word)."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    indented = line[0] in " \t"
    bullet = _BULLET.match(line)
    if bullet is not None:
        words, share = _sentence_shape(line[bullet.end() - 1 :])
        if words >= 2 and share >= 0.6:
            return "prose"
    if _KEYWORD_LINE.match(line):
        return "prose" if not indented and _is_long_sentence(stripped) else "code"
    if stripped.startswith(("#", "//", "--")) and not stripped.startswith("##"):
        return "neutral"
    if not indented and (_HEADING.match(stripped) or _is_sentence(stripped)):
        return "prose"
    if _CODE_CHARS.search(_INLINE_CODE.sub("", stripped) if "`" in stripped else stripped):
        return "code"
    return "neutral"


def _dedent(code: str) -> str:
    """textwrap.dedent, with a fast exit for the usual case of a flush-left line."""
    for line in code.split("\n"):
        if line and line[0] not in " \t":
            return code
    return textwrap.dedent(code)


def _string_lines(text: str) -> set[int]:
    """Lines inside (or opening/closing) triple-quoted strings: a docstring's prose is code."""
    inside: set[int] = set()
    line = pos = 0
    open_line = -1
    for m in _TRIPLE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if open_line < 0:
            open_line = line
        else:
            inside.update(range(open_line, line + 1))
            open_line = -1
    if open_line >= 0:  # never closed: a truncated docstring runs to the end
        inside.update(range(open_line, line + text.count("\n", pos) + 1))
    return inside


def _unfenced_segments(text: str, wanted: str | None) -> list[_Candidate]:
    """Runs of code lines separated by prose, each a candidate with a sniffed language.

    A single code line of no recognisable language counts only when the caller named the
    language and there is no prose at all (a one-line autocomplete continuation)."""
    lines = text.split("\n")
    strings = _string_lines(text) if ('"""' in text or "'''" in text) else set()

    def kind(i: int) -> str:
        return "code" if i in strings else _line_kind(lines[i])

    # Prose is either flush left or a list item, so only those lines need a full look.
    breaks = [
        i for i, line in enumerate(lines)
        if line and i not in strings and (line[0] not in " \t" or _BULLET.match(line))
        and _line_kind(line) == "prose"
    ]
    cands: list[_Candidate] = []
    bounds = [-1, *breaks, len(lines)]
    # An indented region between prose is a Markdown code block: dedent it. Text that is all
    # code keeps its indentation (an autocomplete continuation must still fit its prefix).
    dedent = _dedent if breaks else (lambda code: code)
    lone_line_ok = wanted is not None and not breaks
    for order in range(len(bounds) - 1):
        first, stop = bounds[order] + 1, bounds[order + 1]
        start = first
        while start < stop and kind(start) != "code":
            start += 1
        if start == stop:
            continue
        end = stop - 1
        while kind(end) != "code":
            end -= 1
        # Comments directly above the first code line (a shebang, a header) belong to it;
        # trailing lone words ("Enjoy!") do not, unless they are comments or indented.
        while start > first and kind(start - 1) == "neutral":
            start -= 1
        while end + 1 < stop and kind(end + 1) == "neutral" and (
            lines[end + 1][:1] in (" ", "\t") or lines[end + 1].lstrip().startswith(("#", "//"))
        ):
            end += 1
        code = dedent("\n".join(lines[start : end + 1]))
        language = _sniff(code)
        if language == "unknown" and not lone_line_ok and not any(kind(k) == "code" for k in range(start + 1, end + 1)):
            continue  # one lone code-looking line that says nothing about its language
        cands.append(_Candidate(_trim(code), language, False, True, order))
    return cands


# --- JSON answers -----------------------------------------------------------------------

# Fields that hold a program whatever it looks like, then fields that may hold one or may hold prose.
_JSON_CODE_KEYS = ("code", "solution", "program", "script", "source", "source_code", "python", "bash",
                   "javascript", "answer", "completion", "content", "response", "output")
_JSON_EXPLICIT = frozenset(_JSON_CODE_KEYS[:9])


def _json_code(text: str) -> tuple[str, str | None, bool] | None:
    """(value, language named in the JSON, whether the field is explicitly code) when the text is a
    JSON object carrying a string in one of the code fields."""
    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in _JSON_CODE_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            named = lowered.get("language") or lowered.get("lang")
            hint = normalise_tag(named) if isinstance(named, str) else None
            return value, hint or (key if key in ("python", "bash", "javascript") else None), key in _JSON_EXPLICIT
    return None


# --- the stage --------------------------------------------------------------------------


def extract(
    raw: str,
    language: str | None = None,
    *,
    task_id: str | None = None,
    sample: int | None = None,
) -> CodeSample:
    """The code in one completion; see the module docstring for the rules and methods."""
    wanted = (normalise_tag(language) or language.strip().lower()) if language else None
    if wanted == "unknown":
        wanted = None
    code, lang, method, blocks = _extract(raw, wanted)
    if not code.strip():
        code, method, lang = "", "empty", wanted or "unknown"
    return CodeSample(code=code, language=lang, method=method, raw=raw, blocks=blocks,
                      task_id=task_id, sample=sample)


def _extract(raw: str, wanted: str | None) -> tuple[str, str, str, int]:
    """(code, language, method, number of blocks)."""
    text, careful = _prepare(raw)
    lead = None if careful else _leading_code_end(text)
    if lead is not None:
        # Code, then a bare ``` that closes nothing, then an explanation: an autocomplete
        # continuation. The code before the stray fence is the answer.
        code = _trim(text[:lead])
        language = _sniff(code)
        if language == "unknown":
            language = wanted or "unknown"
        after = text.find("\n", lead)
        rest = len(_parse_spans(text[after + 1 :])) if after >= 0 else 0
        return code + "\n", language, "unfenced", rest

    spans = _parse_spans(text)
    blocks = [block for block, _ in spans]

    code_blocks, aside = _candidates(blocks)
    # A ```json block (or a bare JSON answer) that carries the program in a string field.
    json_blocks = [b for b in blocks if b.tag in ("json", "json5", "jsonc")]
    json_source = None
    if not code_blocks and len(json_blocks) == 1:
        json_source = json_blocks[0].code
    elif not blocks and not careful:
        json_source = text
    found = _json_code(json_source) if json_source else None
    if found is not None:
        inner, named, explicit = found
        inner_code, inner_lang, inner_method, _ = _extract(inner, named or wanted)
        if inner_method in ("unfenced", "empty") and explicit:
            # The field is the program itself: take all of it, not only the regions that look like code.
            inner_code = _trim(inner) + "\n"
            inner_lang = named or _sniff(inner)
            if inner_lang == "unknown":
                inner_lang = wanted or "unknown"
            inner_method = "fenced" if blocks else "unfenced"
        if inner_method != "empty":
            return inner_code, inner_lang, inner_method, len(blocks)

    chosen, lang = _choose(code_blocks, wanted)
    if not chosen:
        # Only output-like blocks: use them if they are really code (a program tagged ```text).
        usable = [c for c in aside if c.language != "unknown"]
        chosen, lang = _choose(usable, wanted)
    if chosen:
        if lang == "unknown" and wanted:
            lang = wanted
        return _join(chosen), lang, _method(chosen), len(blocks)
    if careful:
        return "", wanted or "unknown", "empty", len(blocks)

    # No usable fences: find the code among the prose (fenced output blocks removed first).
    lines = text.split("\n")
    for _, (first, last) in spans:
        for k in range(first, last + 1):
            lines[k] = ""
    segments = _unfenced_segments("\n".join(lines), wanted)
    chosen, lang = _choose(segments, wanted)
    if not chosen:
        return "", wanted or "unknown", "empty", len(blocks)
    if lang == "unknown" and wanted:
        lang = wanted
    return _join(chosen), lang, "unfenced", len(blocks)


def extract_continuation(
    raw: str,
    language: str | None = None,
    *,
    task_id: str | None = None,
    sample: int | None = None,
) -> CodeSample:
    """The code of a completion that continues a code prefix; see "Continuations" in the module
    docstring. Method `unfenced` when the continuation is taken as written."""
    text, careful = _prepare(raw)
    if text != raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"):
        text = text.lstrip("\n")  # newlines left where reasoning or a turn header was removed
    opening = next(_fence_lines(text), None)
    if careful or (opening is not None and not _leading_code(text[: opening.start()])):
        return extract(raw, language, task_id=task_id, sample=sample)
    code = _continuation(text, opening.start() if opening is not None else len(text))
    if not code.strip():
        return CodeSample(code="", language=language or "unknown", method="empty", raw=raw, task_id=task_id,
                          sample=sample)
    lang = (normalise_tag(language) or language) if language else _sniff(code)
    rest = len(_parse_spans(text[opening.start() :])) if opening is not None else 0
    return CodeSample(code=code, language=lang, method="unfenced", raw=raw, blocks=rest, task_id=task_id,
                      sample=sample)


def _leading_code(head: str) -> bool:
    """Whether the text before the first fence is code the model wrote (a continuation), rather than
    nothing or an introduction ("Here is the completed function:")."""
    lines = [line for line in head.split("\n") if line.strip()]
    kinds = {_line_kind(line) for line in lines}
    if "prose" in kinds or not lines:
        return False
    # Lone words are code (`x`, a name finishing the prefix's line) unless they end like speech ("Sure!").
    return "code" in kinds or not any(
        line.rstrip()[-1] in ".!?:" and not line.lstrip().startswith(("#", "//")) for line in lines)


def _continuation(text: str, stop: int) -> str:
    """text[:stop] as written, cut before the first flush-left prose line (an explanation after the
    code; the first line is left alone, it may finish a comment or docstring of the prefix), trailing
    blank lines removed."""
    head = text[:stop]
    lines = head.split("\n")
    strings = _string_lines(head) if ('"""' in head or "'''" in head) else set()
    for i in range(1, len(lines)):
        line = lines[i]
        if line and line[0] not in " \t" and i not in strings and _line_kind(line) == "prose":
            lines = lines[:i]
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


make_callable(__name__)
