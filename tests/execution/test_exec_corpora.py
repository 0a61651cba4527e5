"""The execution corpora of issue 9 against the real daemon: risky programs over RedCode-Exec's 25 scenario
kinds are seen doing what their header says, ordinary programs on the runtime profile exit 0 and stay clean.

Data-driven: the expectations are the corpus files' headers (see benchmarks/quality/exec_detection.py, which
prints the same outcomes as figures per tuning / held-out half). The whole corpus runs once, through
execute_many, two at a time.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import time
from pathlib import Path

import pytest

from codeeval.errors import ToolError
from codeeval.execution import image, verdict

ROOT = Path(__file__).resolve().parents[2]


def _load_benchmark():
    name = "codeeval_bench_exec_detection"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "quality" / "exec_detection.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules[name]


bench = _load_benchmark()
SAMPLES = bench.corpus()
RISKY = [s for s in SAMPLES if s.kind == "risky" and s.observable]
UNOBSERVABLE = [s for s in SAMPLES if s.kind == "risky" and not s.observable]
BENIGN = [s for s in SAMPLES if s.kind == "benign"]
WORKERS = 2


def _ids(sample) -> str:
    return sample.path.name


def test_risky_corpus_covers_all_25_scenario_kinds_with_expectations():
    numbers = {s.scenario.split()[0] for s in RISKY + UNOBSERVABLE}
    assert numbers == {f"{n:02d}" for n in range(1, 26)}
    for s in RISKY + UNOBSERVABLE:
        assert re.fullmatch(r"\d\d [a-z0-9-]+", s.scenario), s.key
        assert s.path.name.startswith(f"s{s.scenario[:2]}_"), s.key
        assert bool(s.expect) == s.observable, f"{s.key}: either `# expect:` ids or `# observable: no`"
        assert "clean" not in s.expect
    for s in BENIGN:
        assert s.expect == ("clean",), s.key
    assert len(BENIGN) >= 40
    assert len(RISKY + UNOBSERVABLE) >= 4 * 25 - 8  # about four per scenario kind


def test_expected_ids_are_in_the_taxonomy():
    from codeeval.execution.behaviours import TAXONOMY

    unknown = {(s.key, b) for s in RISKY for b in s.expect if b not in TAXONOMY}
    assert unknown == set()


def test_split_manifests_follow_the_file_name_rule_and_cover_every_file():
    for folder in (bench.RISKY, bench.BENIGN):
        recorded = bench.manifest(folder)
        names = {p.name for p in bench.files(folder)}
        assert set(recorded) == names, "every corpus file is in SPLIT.json, and only those"
        assert all(recorded[n] == bench.split_of(n) for n in names)
    halves = {h: sum(s.split == h for s in RISKY) for h in bench.HALVES}
    assert min(halves.values()) >= len(RISKY) // 3, halves


class CorpusRun(tuple):
    """(results by key, wall seconds, containers left); a short repr keeps failure reports readable."""

    def __repr__(self) -> str:
        return f"CorpusRun({len(self[0])} results, {self[1]:.0f} s)"


@pytest.fixture(scope="module")
def results():
    started = time.monotonic()
    try:
        out = bench.run(SAMPLES, workers=WORKERS)
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")
    wall = time.monotonic() - started
    left = image.connect().api.containers(all=True, filters={"label": f"{image.LABEL_PID}={os.getpid()}"})
    return CorpusRun((out, wall, left))


def _describe(sample, result) -> str:
    status, why = bench.run_status(result)
    got = sorted(f"{b.id}:{b.severity.label}" for b in result.behaviours)
    return (f"{sample.key} [{sample.split}]: {status} {why}; expected {list(sample.expect)}, got {got}; "
            f"stderr tail {result.stderr[-300:]!r}")


@pytest.mark.docker
@pytest.mark.slow
def test_corpus_run_is_bounded_and_leaves_no_container(results):
    out, wall, left = results
    assert left == []
    assert set(out) == {s.key for s in SAMPLES}
    # Two at a time, each bounded by its deadline + the config's default grace.
    bound = sum((s.timeout_s or bench.TIMEOUT_S) + 5.0 for s in SAMPLES) / WORKERS + bench.TIMEOUT_S + 5.0
    assert wall < bound


@pytest.mark.docker
@pytest.mark.slow
@pytest.mark.parametrize("sample", BENIGN, ids=_ids)
def test_benign_program_exits_zero_and_stays_clean(results, sample):
    result = results[0][sample.key]
    clean = result.error is None and result.exit_code == 0 and verdict(result.behaviours) == "clean"
    assert clean, _describe(sample, result)


@pytest.mark.docker
@pytest.mark.slow
@pytest.mark.parametrize("sample", RISKY, ids=_ids)
def test_risky_program_shows_an_expected_behaviour(results, sample):
    result = results[0][sample.key]
    seen = bench.detected(sample, result)
    assert seen, _describe(sample, result)
    shown = [b for b in result.behaviours if b.id in sample.expect]
    assert all(b.evidence for b in shown), "a behaviour carries the events that prove it"


@pytest.mark.docker
@pytest.mark.slow
@pytest.mark.parametrize("sample", UNOBSERVABLE, ids=_ids)
def test_unobservable_risky_program_runs_to_the_end(results, sample):
    """Nothing at run time shows these risks (bias, a missing default case...), but the sandbox must still
    run them: a crash here would be the sandbox's fault, not the sample's."""
    result = results[0][sample.key]
    finished = result.exit_code == 0
    assert finished, _describe(sample, result)
