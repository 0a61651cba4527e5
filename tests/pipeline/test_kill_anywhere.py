"""SIGKILL `codeeval run` at 20 random points across its stages; every rerun ends with the same results
as an uninterrupted run and no duplicates (issue 11: the store holds)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

POINTS = 20


def _results(db) -> dict:
    """Everything a run produces, without the timestamps that differ between runs."""
    with sqlite3.connect(db) as conn:
        out = {
            "runs": conn.execute("SELECT run_id, status FROM runs ORDER BY run_id").fetchall(),
            "completions": conn.execute(
                "SELECT task_id, sample, text, finish_reason FROM completions ORDER BY task_id, sample").fetchall(),
        }
        for table in ("samples", "scans", "executions"):
            out[table] = conn.execute(f"SELECT task_id, sample, record_json FROM {table} ORDER BY task_id, sample").fetchall()
        out["scores"] = conn.execute("SELECT name, grp, record_json FROM scores ORDER BY name, grp").fetchall()
    return out


def _stage_reached(db) -> str:
    if not db.exists():
        return "starting or generating"
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                      for t in ("completions", "samples", "scans", "scores")}
    except sqlite3.OperationalError:
        return "starting or generating"
    # Each stage stores its rows as it finishes, so the last table with rows tells the stage it was in.
    for table, stage in (("scores", "after scoring"), ("scans", "executing or scoring"), ("samples", "scanning"),
                         ("completions", "extracting")):
        if counts[table]:
            return stage
    return "starting or generating"


@pytest.mark.slow
def test_sigkill_at_20_random_points_then_rerun_gives_the_same_results(suite_root, replay_file, tmp_path):
    env = {**os.environ, "CODEEVAL_SUITES": str(suite_root), "CODEEVAL_PYPI_URL": "http://127.0.0.1:9/pypi",
           "CODEEVAL_CACHE_DIR": str(tmp_path / "cache"), "SEMGREP_ENABLE_VERSION_CHECK": "0"}

    def command(db):
        return [sys.executable, "-m", "codeeval", "run", "--model", f"replay:{replay_file}", "--suite", "mini",
                "--db", str(db)]

    reference_db = tmp_path / "reference.db"
    started = time.monotonic()
    done = subprocess.run(command(reference_db), env=env, check=False, capture_output=True, text=True, timeout=600)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    reference = _results(reference_db)
    assert reference["runs"][0][1] == "done" and reference["scans"]

    rng = random.Random(20261206)
    reached: list[str] = []
    for point in range(POINTS):
        db = tmp_path / f"killed-{point}.db"
        proc = subprocess.Popen(command(db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reached.append(_stage_reached(db))
        rerun = subprocess.run(command(db), env=env, check=False, capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, (point, rerun.stderr[-3000:])
        # The same rows, each once (the tables' keys forbid duplicates; equal lists show none went missing).
        assert _results(db) == reference, f"kill point {point} ({reached[-1]}) gave different results"
    print(f"killed at: {json.dumps({s: reached.count(s) for s in dict.fromkeys(reached)})}")
    # The points fall across the stages, not all before the store exists.
    assert len(set(reached)) >= 2 and "scanning" in reached, reached
