"""Properties of extraction and fragment repair over generated input (hypothesis): they never raise,
and line numbers map back to the text the user or the model wrote (issue 11, item 6)."""

from __future__ import annotations

import ast
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codeeval.extract import extract, extract_blocks
from codeeval.scanners.repair import prepare_python
from codeeval.sources import from_bytes, scannable

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FENCES = st.sampled_from(["```", "~~~", "````"])
TAGS = st.sampled_from(["", "python", "py", "bash", "sh", "js", "text", "console", "pycon", "json", "{python}"])
NOISE = st.sampled_from(["<think>", "</think>", "<|im_end|>", "<|im_start|>assistant\n", "```", "\t", "\r\n", "$ ", ">>> ",
                         "\u200b", "\ufeff", "\0"])
CODE_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n`~"), max_size=40)


@st.composite
def completions(draw) -> str:
    """Model-like text: prose, fenced blocks (some left open), stray tokens, in any order."""
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["prose", "block", "noise"]))
        if kind == "prose":
            parts.append(draw(st.text(max_size=80)))
        elif kind == "noise":
            parts.append(draw(NOISE))
        else:
            fence, tag = draw(FENCES), draw(TAGS)
            body = "\n".join(draw(st.lists(CODE_LINE, max_size=6)))
            indent = draw(st.sampled_from(["", "  ", "    "]))
            closing = draw(st.booleans())
            parts.append(f"\n{indent}{fence}{tag}\n{body}\n" + (f"{indent}{fence}\n" if closing else ""))
    return "".join(parts)


@SETTINGS
@given(completions(), st.sampled_from([None, "python", "bash", "javascript", "unknown", "cobol"]))
def test_extraction_never_raises_and_returns_text(raw: str, language: str | None):
    sample = extract(raw, language)
    assert isinstance(sample.code, str) and isinstance(sample.language, str)
    assert sample.raw == raw


@SETTINGS
@given(completions())
def test_every_block_starts_at_a_fence_line_of_the_raw_text(raw: str):
    # Lines as editors and Python count them: CRLF, CR and LF each end one.
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for block in extract_blocks(raw):
        assert 1 <= block.start_line <= len(lines)
        opening = lines[block.start_line - 1]
        assert "```" in opening or "~~~" in opening, (block, opening)


@SETTINGS
@given(st.text(max_size=400))
def test_extraction_of_arbitrary_text_never_raises(raw: str):
    extract(raw)
    extract_blocks(raw)


# --- fragment repair ------------------------------------------------------------------------------

STATEMENTS = [
    "v{k} = marker_{k}()",
    "if marker_{k}():",
    "for item in marker_{k}():",
    "def fn_{k}(a, b=marker_{k}()):",
    "while marker_{k}():",
    "with marker_{k}() as handle:",
    "try:",
    "return marker_{k}()",
    "print(marker_{k}(), [1, 2,",
    "text = \"\"\"marker_{k}",
    "@decorator_{k}",
]


@st.composite
def fragments(draw) -> str:
    """Python as models cut it: statements at wandering indentation, unclosed brackets and strings,
    a common indent, cut at any character."""
    lines = []
    depth = 0
    for k in range(draw(st.integers(1, 14))):
        line = draw(st.sampled_from(STATEMENTS)).format(k=k)
        lines.append("    " * depth + line)
        depth = max(0, min(4, depth + draw(st.sampled_from([-1, 0, 0, 1])) + (1 if line.endswith(":") else 0)))
    text = "\n".join(lines) + "\n"
    text = draw(st.sampled_from(["", "  ", "        "])) + text.replace("\n", "\n" + draw(st.sampled_from(["", "  "])))
    cut = draw(st.integers(1, len(text)))
    return text[:cut]


@SETTINGS
@given(fragments())
def test_repair_never_raises_and_what_it_calls_parsed_parses(fragment: str):
    prep = prepare_python(fragment)
    if prep.parsed:
        ast.parse(prep.text)


@SETTINGS
@given(fragments())
def test_repaired_lines_map_back_to_the_line_the_model_wrote(fragment: str):
    prep = prepare_python(fragment)
    original = fragment.split("\n")
    for number, line in enumerate(prep.text.split("\n"), 1):
        # Repairs may add brackets or quotes to a line, never move a marker to another line.
        for token in set(re.findall(r"marker_\d+", line)):
            back = prep.original_line(number)
            assert token in original[back - 1], (token, number, back, prep.repair)


# --- what the scanners read -----------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(["x.py", "x.sh", "x.js", "x", "x.txt", "<stdin>"]))
def test_decoding_any_bytes_never_raises(data: bytes, name: str):
    from_bytes(name, data, explicit=True)


@SETTINGS
@given(st.text(max_size=300))
def test_scannable_text_keeps_every_line_number_and_is_idempotent(text: str):
    once = scannable(text)
    assert scannable(once) == once
    assert once.count("\n") == text.replace("\r\n", "\n").count("\n")
