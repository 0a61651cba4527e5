"""A rule may test a string against a cheap regex before its slow one (a keyword list before a long
alternation): Semgrep then skips most strings of a big file early. The cheap regex must be a necessary
condition of the slow one, or a finding is lost; here every string of the rules' own tests and the
quality corpora that the slow regex matches must also match the cheap one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


MARKER = "# cheap necessary condition first"


def _pairs() -> list[tuple[str, str, str]]:
    """(rule file, cheap regex, slow regex): a metavariable-regex condition marked as a precheck (the
    comment on the line before it) and the condition right after it."""
    found = []
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            stack = [root]
            while stack:
                node = stack.pop()
                if isinstance(node, yaml.MappingNode):
                    stack += [v for _, v in node.value]
                elif isinstance(node, yaml.SequenceNode):
                    stack += node.value
                    for first, second in zip(node.value, node.value[1:]):
                        if lines[first.start_mark.line - 1].strip().startswith(MARKER):
                            cheap = loader.construct_object(first, deep=True)["metavariable-regex"]
                            slow = loader.construct_object(second, deep=True)["metavariable-regex"]
                            assert cheap["metavariable"] == slow["metavariable"], path.name
                            found.append((path.name, str(cheap["regex"]), str(slow["regex"])))
        finally:
            loader.dispose()
    return found


def _strings() -> list[str]:
    out: list[str] = []
    sources = [*(ROOT / "rules").rglob("*.py"), *(ROOT / "benchmarks" / "quality" / "malicious").rglob("*.py"),
               *(ROOT / "benchmarks" / "quality" / "paired").rglob("*.py")]
    for path in sources:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append(node.value)
    return out


PAIRS = _pairs()


def test_the_slow_string_regexes_have_their_cheap_precheck():
    assert len(PAIRS) >= 34


@pytest.mark.parametrize(("rule", "cheap", "slow"), PAIRS, ids=[f"{p[0]}:{i}" for i, p in enumerate(PAIRS)])
def test_the_cheap_regex_is_a_necessary_condition_of_the_slow_one(rule, cheap, slow):
    cheap_re, slow_re = re.compile(cheap), re.compile(slow)
    matched = [s for s in _STRINGS if slow_re.match(s)]
    assert matched, f"{rule}: no test string reaches the slow regex {slow[:60]}"
    missed = [s[:80] for s in matched if not cheap_re.match(s)]
    assert not missed, f"{rule}: the precheck {cheap} would drop {missed[:3]}"


_STRINGS = _strings()
