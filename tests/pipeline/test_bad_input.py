"""Bad input to `codeeval run`: clear errors, exit 2, stored results intact."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from codeeval.store import MIGRATIONS


def codeeval(*args, env):
    return subprocess.run([sys.executable, "-m", "codeeval", *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture()
def env(suite_root, tmp_path):
    return {**os.environ, "CODEEVAL_SUITES": str(suite_root), "CODEEVAL_PYPI_URL": "http://127.0.0.1:9/pypi",
            "CODEEVAL_CACHE_DIR": str(tmp_path / "cache"), "SEMGREP_ENABLE_VERSION_CHECK": "0"}


def _ok(proc):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("codeeval: error: ") and proc.stderr.count("\n") == 1
    return proc.stderr


def test_malformed_suite_names_file_and_line(env, suite_root, replay_file, tmp_path):
    tasks = suite_root / "mini" / "tasks.jsonl"
    tasks.write_text(tasks.read_text() + '{"id": "broken", "prompt": \n')
    err = _ok(codeeval("run", "--model", f"replay:{replay_file}", "--suite", "mini", "--db", str(tmp_path / "s.db"), env=env))
    assert "tasks.jsonl:7: not valid JSON" in err


def test_unknown_model_and_suite(env, replay_file, tmp_path):
    assert "unknown suite 'nope'" in _ok(codeeval("run", "--model", f"replay:{replay_file}", "--suite", "nope",
                                                  "--db", str(tmp_path / "s.db"), env=env))
    err = _ok(codeeval("run", "--model", "no-such-model-alias", "--suite", "mini", "--db", str(tmp_path / "s.db"), env=env))
    assert "no-such-model-alias" in err


def test_store_from_a_newer_codeeval_is_refused_and_left_alone(env, replay_file, tmp_path):
    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS) + 5,))
    err = _ok(codeeval("run", "--model", f"replay:{replay_file}", "--suite", "mini", "--db", str(db), env=env))
    assert "newer than this codeeval understands" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone() == (len(MIGRATIONS) + 5,)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny tmpfs needs root (CI runs as root)")
def test_full_disk_is_a_clear_error_and_stored_results_survive(env, replay_file, tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], check=True)
    try:
        db = mount / "s.db"
        # Completions big enough that the store outgrows the disk part way through the run.
        big = tmp_path / "big.jsonl"
        lines = [json.loads(line) for line in replay_file.read_text().splitlines()]
        for line in lines:
            line["completion"] += "\n# " + "x" * 30_000
        big.write_text("".join(json.dumps(line) + "\n" for line in lines))
        err = _ok(codeeval("run", "--model", f"replay:{big}", "--suite", "mini", "--db", str(db), env=env))
        assert "full" in err and "intact" in err
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT COUNT(*) FROM completions").fetchone()[0] >= 1
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("command", [["report", "run-x"], ["leaderboard"], ["runs"], ["rescore", "run-x"]])
def test_reading_commands_refuse_a_missing_store_and_create_nothing(env, tmp_path, command):
    db = tmp_path / "missing.db"
    assert "no store at" in _ok(codeeval(*command, "--db", str(db), env=env))
    assert not db.exists()
