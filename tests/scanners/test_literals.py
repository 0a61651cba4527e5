"""The fast search answers exactly what the regex's own search answers."""

from __future__ import annotations

import re
from pathlib import Path

from codeeval.scanners import prefilter
from codeeval.scanners.capabilities import CAPABILITIES
from codeeval.scanners.literals import Searcher, searcher
from codeeval.scanners.semgrep import rules_dir

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    files = sorted((ROOT / "rules").rglob("*.py")) + sorted((ROOT / "benchmarks" / "quality" / "paired").rglob("*.py"))
    texts = [p.read_text(encoding="utf-8").lower() for p in files]
    assert len(texts) > 100
    return texts


def test_every_prefilter_regex_searched_fast_finds_what_re_finds_on_every_rule_test_and_paired_file():
    patterns = {r.pattern: r for regexes in prefilter.load(rules_dir()).needs.values() for r in regexes}
    assert len(patterns) >= 30
    texts = _texts()
    differ, matched = [], 0
    for pattern, regex in patterns.items():
        fast = searcher(pattern)
        for text in texts:
            expected = regex.search(text) is not None
            matched += expected
            if fast.found_in(text) != expected:
                differ.append(pattern)
    assert not differ
    assert matched > 200  # or the comparison proved little


def test_a_branch_runs_only_where_its_literal_is_and_a_case_blind_pattern_is_not_skipped():
    fast = Searcher(r"\bmimikatz\b|proc(?:dump)?64|x")
    assert [hint for hint, _ in fast.branches] == ["mimikatz", "proc", None]
    assert fast.found_in("run mimikatz now") and fast.found_in("procdump64") and not fast.found_in("nothing here")
    assert not fast.found_in("mimikatzz")  # the word boundary still holds
    blind = Searcher("mimikatz", re.IGNORECASE)
    assert blind.found_in("MIMIKATZ")


def test_the_capability_patterns_searched_fast_find_what_re_finds():
    texts = _texts()[:60]
    for cap in CAPABILITIES[:40]:
        fast = Searcher(cap.pattern.pattern, cap.pattern.flags & ~re.UNICODE)
        for text in texts:
            assert fast.found_in(text) == (cap.pattern.search(text) is not None), cap.name
