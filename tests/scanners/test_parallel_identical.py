"""Splitting a batch over processes (one per core) is for speed only: the findings are identical."""

from __future__ import annotations

import os

import pytest

from codeeval.scanners import ScanInput, analyse
from codeeval.scanners import bandit as bandit_engine
from codeeval.scanners import semgrep as semgrep_engine
from codeeval.scanners.base import shares

from .test_entry_points_agree import CORPUS


def test_shares_deal_files_by_size_to_at_most_one_process_per_core(tmp_path):
    paths = []
    for n, size in enumerate([900, 100, 500, 450, 50]):
        path = tmp_path / f"f{n}.py"
        path.write_text("x" * size)
        paths.append(path)
    split = shares(paths, cores=2, min_bytes=100)
    assert len(split) == 2 and sorted(p.name for s in split for p in s) == sorted(p.name for p in paths)
    loads = sorted(sum(p.stat().st_size for p in s) for s in split)
    assert loads == [1000, 1000]
    assert shares(paths, cores=2, min_bytes=10_000) == [sorted(paths, key=lambda p: -p.stat().st_size)]
    assert len(shares(paths, cores=8, min_bytes=1)) == 5


@pytest.mark.slow
def test_one_process_and_a_process_per_core_give_identical_results(monkeypatch):
    inputs = [ScanInput(name, code, language) for name, (code, language) in sorted(CORPUS.items())]
    together = analyse(inputs)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    monkeypatch.setattr(semgrep_engine, "_PROCESS_MIN_BYTES", 1)
    monkeypatch.setattr(bandit_engine, "_PROCESS_MIN_BYTES", 1)
    monkeypatch.setattr(bandit_engine, "IN_PROCESS_MAX_FILES", 0)
    split = analyse(inputs)
    assert split == together
    assert sum(len(r.findings) for r in together) > len(inputs)
