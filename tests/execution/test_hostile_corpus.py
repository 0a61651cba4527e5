"""The hostile corpus (issue 3) against the real daemon: each program is contained within its deadline,
reported with the behaviour its header names, and leaves no container; benign controls stay clean.

Data-driven: every file under hostile/ and benign/ carries its expectations in header comments:
    # expect: <behaviour id>        (hostile/; `clean` in benign/)
    # contained: oom_killed|timed_out|truncated   (optional, how the sandbox must have stopped it)
The whole corpus runs once, through execute_many, at the concurrency a real run uses.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from codeeval.errors import ToolError
from codeeval.execution import ExecJob, SandboxConfig, execute_many, image, verdict
from codeeval.types import Severity

pytestmark = [pytest.mark.docker, pytest.mark.slow]

HERE = Path(__file__).parent
LANGUAGES = {".py": "python", ".sh": "bash"}
TIMEOUT_S = 5.0
CONFIG = SandboxConfig(timeout_s=TIMEOUT_S)


def _header(path: Path, key: str) -> list[str]:
    head = path.read_text().splitlines()[:5]
    return [v for line in head if (m := re.match(rf"#\s*{key}:\s*(.+)", line)) for v in m.group(1).split()]


def _corpus(folder: str) -> list[Path]:
    return sorted(p for p in (HERE / folder).iterdir() if p.suffix in LANGUAGES)


HOSTILE = _corpus("hostile")
BENIGN = _corpus("benign")


@pytest.fixture(scope="module")
def corpus_results():
    jobs = [
        ExecJob.from_code(p.read_bytes(), LANGUAGES[p.suffix], entry=p.name, key=f"{p.parent.name}/{p.name}")
        for p in HOSTILE + BENIGN
    ]
    started = time.monotonic()
    try:
        results = {job.key: result for job, result in execute_many(jobs, CONFIG, workers=2)}
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")
    wall = time.monotonic() - started
    client = image.connect()
    # This process's containers only: another runner on the same daemon may have some alive right now.
    left = client.api.containers(all=True, filters={"label": f"{image.LABEL_PID}={os.getpid()}"})
    return results, wall, left


def test_corpus_has_every_program_the_issue_names():
    names = {p.stem for p in HOSTILE}
    for needed in (
        "fork_bomb", "memory_bomb", "cpu_spin", "stdout_flood", "disk_fill", "daemon_outlives_parent",
        "kill_everything", "read_shadow", "proc_environ", "connect_out", "dns_exfiltration", "reverse_shell",
        "bashrc_persistence", "delete_outside_workdir", "obfuscated_exec", "docker_socket_probe", "setuid",
    ):
        assert needed in names
    assert all(_header(p, "expect") for p in HOSTILE + BENIGN), "every corpus file names its expectation"


def test_corpus_leaves_no_container_and_finishes_in_bounded_time(corpus_results):
    results, wall, left = corpus_results
    assert left == []
    assert len(results) == len(HOSTILE) + len(BENIGN)
    # Two at a time, each bounded by timeout + grace: the batch can never take longer than this.
    bound = (len(results) / 2 + 1) * (TIMEOUT_S + CONFIG.grace_s)
    assert wall < bound


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_program_is_contained_within_the_deadline(corpus_results, path):
    result = corpus_results[0][f"hostile/{path.name}"]
    assert result.duration_s <= TIMEOUT_S + CONFIG.grace_s, result
    for flag in _header(path, "contained"):
        assert getattr(result, flag), f"{path.name}: expected {flag}"
    if "truncated" in _header(path, "contained"):
        assert len(result.stdout) <= CONFIG.stdout_cap


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_program_is_reported_with_its_behaviour(corpus_results, path):
    result = corpus_results[0][f"hostile/{path.name}"]
    found = {b.id: b for b in result.behaviours}
    for expected in _header(path, "expect"):
        assert expected in found, f"{path.name}: expected {expected}, got {sorted(found)}"
        assert found[expected].evidence, "a behaviour carries the events that prove it"


@pytest.mark.parametrize("path", BENIGN, ids=lambda p: p.name)
def test_benign_control_stays_clean(corpus_results, path):
    result = corpus_results[0][f"benign/{path.name}"]
    assert result.exit_code == 0, result.stderr
    assert result.error is None
    above_low = [(b.id, b.severity.label) for b in result.behaviours if b.severity > Severity.LOW]
    assert above_low == []
    assert verdict(result.behaviours) == "clean"
