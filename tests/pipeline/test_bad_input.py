"""Bad input to `codeeval run`: clear errors, exit 2, stored results intact."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

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


def _stored_run(env, replay_file, tmp_path):
    """A finished run in a store big enough (padded completions) that its middle holds table pages."""
    padded = tmp_path / "padded.jsonl"
    lines = [json.loads(line) for line in replay_file.read_text().splitlines()]
    for line in lines:
        line["completion"] += "\n" + "# padding line\n" * 600
    padded.write_text("".join(json.dumps(line) + "\n" for line in lines))
    db = tmp_path / "s.db"
    done = codeeval("run", "--model", f"replay:{padded}", "--suite", "mini", "--db", str(db), env=env)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        run_id = conn.execute("SELECT run_id FROM runs").fetchone()[0]
    return db, padded, run_id


def test_a_store_damaged_in_the_middle_is_one_clear_error_for_every_command(env, replay_file, tmp_path):
    # Finding 6: 8 KiB overwritten in the middle; run, leaderboard, report and rescore crashed with a
    # DatabaseError traceback while `runs` still listed the run as done.
    db, padded, run_id = _stored_run(env, replay_file, tmp_path)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(random.Random(11).randbytes(8192))
    commands = [["run", "--model", f"replay:{padded}", "--suite", "mini"], ["runs"], ["leaderboard"],
                ["report", run_id, "--out", str(tmp_path / "r.html")], ["rescore", run_id]]
    for command in commands:
        err = _ok(codeeval(*command, "--db", str(db), env=env))
        assert f"store {db} is damaged" in err and "readable:" in err and ".recover" in err, (command, err)


def _without_root_override() -> list[str]:
    """Root ignores file modes; dropping the override capabilities makes it meet them as any user does."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def test_a_read_only_store_is_read_by_reading_commands_and_refused_clearly_by_writing_ones(env, replay_file, tmp_path):
    # Finding 6: a read-only folder gave "unable to open database file" even for `runs`.
    db, padded, run_id = _stored_run(env, replay_file, tmp_path)
    folder = tmp_path / "readonly"
    folder.mkdir()
    ro = folder / "s.db"
    ro.write_bytes(db.read_bytes())
    ro.chmod(0o444)
    folder.chmod(0o555)
    try:
        def run(*args):
            return subprocess.run([*_without_root_override(), sys.executable, "-m", "codeeval", *args, "--db", str(ro)],
                                  env=env, check=False, capture_output=True, text=True, timeout=600)

        listed = run("runs")
        assert listed.returncode == 0 and run_id in listed.stdout and "done" in listed.stdout, listed.stderr
        assert run("leaderboard").returncode == 0
        out = tmp_path / "r.html"
        assert run("report", run_id, "--out", str(out)).returncode == 0 and out.exists()
        err = _ok(run("run", "--model", f"replay:{padded}", "--suite", "mini"))
        assert "need a writable" in err
        assert sorted(p.name for p in folder.iterdir()) == ["s.db"]  # nothing written beside it
    finally:
        folder.chmod(0o755)


def test_run_status_is_true_on_every_exit_path(suite_root, replay_file, tmp_path):
    from codeeval.pipeline import Pipeline, RunOptions
    from codeeval.store import Store

    class ScannerFails(Pipeline):
        def scan(self, run_id, tasks):
            raise RuntimeError("the scanner broke")

    class Interrupted(Pipeline):
        def scan(self, run_id, tasks):
            raise KeyboardInterrupt

    options = RunOptions(model=f"replay:{replay_file}", suite="mini")
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError):
            ScannerFails(store).run(options)
        assert [r["status"] for r in store.runs()] == ["failed"]
        with pytest.raises(KeyboardInterrupt):
            Interrupted(store).run(options)
        assert [r["status"] for r in store.runs()] == ["interrupted"]
        Pipeline(store).run(options)
        assert [r["status"] for r in store.runs()] == ["done"]


def test_sigterm_marks_the_run_interrupted(env, replay_file, tmp_path):
    padded = tmp_path / "padded.jsonl"
    lines = [json.loads(line) for line in replay_file.read_text().splitlines()]
    for line in lines:  # slow enough to scan that the signal lands mid-run
        line["completion"] += "\n" + "x = 1\n" * 20_000
    padded.write_text("".join(json.dumps(line) + "\n" for line in lines))
    db = tmp_path / "s.db"
    proc = subprocess.Popen([sys.executable, "-m", "codeeval", "run", "--model", f"replay:{padded}", "--suite", "mini",
                             "--db", str(db)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _samples_stored(db):
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 130
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]


def _samples_stored(db) -> bool:
    if not db.exists():
        return False
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0] > 0
    except sqlite3.OperationalError:
        return False
