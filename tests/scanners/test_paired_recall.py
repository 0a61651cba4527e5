"""Function-level reach on the paired corpus: the unsafe halves are found, the secure halves are not
flagged by codeeval's own rules.

The corpus (benchmarks/quality/paired/) was written from public CWE descriptions and split into
tuning and heldout halves by the hash of the task name before any scanner ran on it; the figures
asserted are the held-out ones."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "quality"))

from paired_recall import at_gate, evaluate, figures, load, split_of

from codeeval.scanners import ScanConfig

# Measured floors on the held-out half (the goals: unsafe recall 0.85, secure flag rate
# 0.05). 23/26 since python-insecure-random-secret is sure (high confidence) where the random
# value is returned by a secret-named helper or stored under a secret's name, as in both CWE-338 pairs.
# The one flagged secure half is Bandit's B314 on xml.etree parsing a trusted catalogue.
UNSAFE_RECALL_FLOOR = 23 / 26
SECURE_FLAGGED_CEILING = 1


def test_manifest_split_follows_the_hash_rule_and_covers_enough_cwes():
    pairs = load()
    assert len(pairs) >= 60
    assert len({p.cwe[0] for p in pairs}) >= 20
    assert all(p.split == split_of(p.task) for p in pairs)
    assert all(p.secure.exists() and p.unsafe.exists() for p in pairs)


@pytest.fixture(scope="module")
def outcomes():
    return evaluate(load())


@pytest.mark.slow
def test_heldout_unsafe_halves_are_found(outcomes):
    hit, n = figures(outcomes, "heldout")["unsafe_recall"]
    assert n >= 20
    assert hit / n >= UNSAFE_RECALL_FLOOR, (hit, n)


@pytest.mark.slow
def test_heldout_secure_halves_are_rarely_flagged(outcomes):
    flagged, n = figures(outcomes, "heldout")["secure_flagged"]
    assert flagged <= SECURE_FLAGGED_CEILING, (flagged, n)


@pytest.mark.slow
def test_no_codeeval_rule_flags_a_secure_half():
    # codeeval's own Semgrep rules carry the parameter-source taint and the pattern rules; the
    # secure halves use the sanitisers they model, so none of them may fire at the insecure gate.
    outcomes = evaluate(load(), ScanConfig(engines=("semgrep",)))
    flagged = {(o.pair.task, f.rule_id) for o in outcomes for f in o.secure if at_gate(f)}
    # an older pattern rule that ignores shlex.quote; precision work on existing rules removes it
    known = {("archive_folder", "python-subprocess-shell-injection")}
    assert flagged <= known
