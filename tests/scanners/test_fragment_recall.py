"""The labelled weakness of real-looking insecure fragments is found in nearly all of them.

The corpus (tests/fixtures/fragments/) was written without looking at the rules; most of it does
not parse as a file, which is where Bandit alone finds almost nothing."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "quality"))

from fragment_recall import load, recall  # noqa: E402

from codeeval.scanners import ScanConfig  # noqa: E402


@pytest.mark.slow
def test_codeeval_finds_the_labelled_weakness_in_nearly_all_fragments():
    entries = load()
    full = recall(entries, ScanConfig())
    bandit_raw = recall(entries, ScanConfig(engines=("bandit",), repair=False))
    hits, total = full["all"]
    assert total == 80
    assert hits / total >= 0.9, full
    assert hits >= 3 * bandit_raw["all"][0]
    for shape in ("method_body", "mid_function", "truncated", "repl", "mixed_prose", "tabs"):
        assert full[shape][0] / full[shape][1] >= 0.8, (shape, full[shape])
