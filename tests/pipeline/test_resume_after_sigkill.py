"""Kill `codeeval run` with SIGKILL mid-generation; the same command again finishes the run without
redoing stored work and without duplicates. Uses the real transformers backend on a tiny Qwen2."""

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("tiny_models", Path(__file__).parents[1] / "models" / "conftest.py")
tiny_models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tiny_models)

TASKS = 6
SAMPLES = 2


def _count(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT task_id, sample, created_at FROM completions ORDER BY task_id, sample").fetchall()
    except sqlite3.OperationalError:  # the schema is not there yet
        return []


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_finishes_without_duplicates(tmp_path):
    model_dir = tmp_path / "tiny"
    model_dir.mkdir()
    tok = tiny_models.build_tokenizer(model_dir)
    tiny_models.build_model(model_dir, tok)

    suites = tmp_path / "suites" / "resume"
    suites.mkdir(parents=True)
    (suites / "suite.yaml").write_text("name: resume\nversion: 1\nexecutes: false\nsampling:\n  samples: 2\n  temperature: 0.8\n  max_new_tokens: 48\n")
    tasks = [{"id": f"t{i}", "prompt": f"Write function number {i} that reads a file.", "language": "python",
              "kind": "insecure_code", "cwe": ["CWE-22"]} for i in range(TASKS)]
    (suites / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks))

    db = tmp_path / "store.db"
    env = {**os.environ, "CODEEVAL_SUITES": str(tmp_path / "suites"), "CODEEVAL_PYPI_URL": "http://127.0.0.1:9/pypi",
           "CODEEVAL_CACHE_DIR": str(tmp_path / "cache"), "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    cmd = [sys.executable, "-m", "codeeval", "run", "--model", f"hf:{model_dir}", "--suite", "resume", "--db", str(db),
           "--batch-size", "1"]

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while len(_count(db)) < 3:
        assert proc.poll() is None, f"run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        assert time.monotonic() < deadline, "no completions stored in time"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    before = _count(db)
    assert 3 <= len(before) < TASKS * SAMPLES, "killed too late to test resuming"

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    after = _count(db)
    assert len(after) == TASKS * SAMPLES
    assert len({(t, s) for t, s, _ in after}) == len(after)  # no duplicates
    # What was stored before the kill was reused, not generated again.
    kept = {(t, s): c for t, s, c in after}
    assert all(kept[(t, s)] == c for t, s, c in before)
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT status FROM runs").fetchall()
        samples = conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
    assert runs == [("done",)]
    assert samples == TASKS * SAMPLES
