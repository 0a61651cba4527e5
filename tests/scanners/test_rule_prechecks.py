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


def _pairs() -> list[tuple[str, str, str]]:
    """(rule file, cheap regex, slow regex): consecutive metavariable-regex conditions on one
    metavariable, both searching the whole string."""
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for value in node.values():
                walk(value, where)
        elif isinstance(node, list):
            conditions = [(i, item["metavariable-regex"]) for i, item in enumerate(node)
                          if isinstance(item, dict) and "metavariable-regex" in item]
            for (i, first), (j, second) in zip(conditions, conditions[1:]):
                if j == i + 1 and first["metavariable"] == second["metavariable"] and all(
                        str(c["regex"]).startswith("(?is).*") for c in (first, second)):
                    found.append((where, first["regex"], second["regex"]))
            for item in node:
                walk(item, where)

    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
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
    assert len(PAIRS) >= 19


@pytest.mark.parametrize(("rule", "cheap", "slow"), PAIRS, ids=[f"{p[0]}:{i}" for i, p in enumerate(PAIRS)])
def test_the_cheap_regex_is_a_necessary_condition_of_the_slow_one(rule, cheap, slow):
    cheap_re, slow_re = re.compile(cheap), re.compile(slow)
    matched = [s for s in _STRINGS if slow_re.match(s)]
    assert matched, f"{rule}: no test string reaches the slow regex {slow[:60]}"
    missed = [s[:80] for s in matched if not cheap_re.match(s)]
    assert not missed, f"{rule}: the precheck {cheap} would drop {missed[:3]}"


_STRINGS = _strings()
