from __future__ import annotations

import sqlite3

import pytest

from codeeval.errors import CodeevalError
from codeeval.store import MIGRATIONS, Store, StoreCorrupt
from codeeval.types import Completion


def _c(task="t1", sample=0, text="print(1)", **kw):
    base = {"model": "gguf:/m.gguf", "identity": "gguf:sha256:aa", "config_hash": "h1"}
    return Completion(task_id=task, sample=sample, text=text, **{**base, **kw})


def test_completion_round_trips_and_is_durable_at_once(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path)
    c = _c(finish_reason="length", prompt_tokens=12, completion_tokens=34, latency_s=1.5, prompt_truncated=3)
    store.put_completion(c)
    # Another connection sees it before this one closes: the write was committed on return.
    other = Store(path)
    assert other.get_completion("gguf:/m.gguf", "gguf:sha256:aa", "h1", "t1", 0) == c
    other.close()
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_key_includes_identity_and_config(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.put_completion(_c())
        assert store.get_completion("gguf:/m.gguf", "gguf:sha256:bb", "h1", "t1", 0) is None
        assert store.get_completion("gguf:/m.gguf", "gguf:sha256:aa", "h2", "t1", 0) is None
        store.put_completion(_c(text="newer"))
        assert store.get_completion("gguf:/m.gguf", "gguf:sha256:aa", "h1", "t1", 0).text == "newer"


def test_completions_for_filters_and_orders(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for task, sample in [("b", 1), ("a", 0), ("b", 0)]:
            store.put_completion(_c(task=task, sample=sample))
        store.put_completion(_c(task="a", config_hash="other"))
        got = store.completions_for(model="gguf:/m.gguf", config_hash="h1")
        assert [(c.task_id, c.sample) for c in got] == [("a", 0), ("b", 0), ("b", 1)]
        assert [c.task_id for c in store.completions_for(task_ids=["b"], config_hash="h1")] == ["b", "b"]
        assert store.completions_for(task_ids=[]) == []
        assert len(store.completions_for()) == 4


def test_generation_configs_are_kept_by_hash(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.put_generation_config("h1", {"temperature": 0.2})
        assert store.get_generation_config("h1") == {"temperature": 0.2}
        assert store.get_generation_config("nope") is None


def test_older_schema_is_migrated_in_order(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    applied = []

    def v2(db):
        applied.append(2)
        db.execute("CREATE TABLE added_later (id TEXT PRIMARY KEY)")

    with Store(path, migrations=[*MIGRATIONS, v2]) as store:
        assert store.schema_version == len(MIGRATIONS) + 1
        store._db.execute("INSERT INTO added_later VALUES ('r1')")
    with Store(path, migrations=[*MIGRATIONS, v2]):
        pass
    assert applied == [2]  # applied once, not on every open


def test_failed_migration_leaves_the_previous_version(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()

    def broken(db):
        db.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("boom")

    with pytest.raises(CodeevalError, match=f"schema version {len(MIGRATIONS) + 1} failed .boom.; it is unchanged"):
        Store(path, migrations=[*MIGRATIONS, broken])
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store._db.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_newer_schema_is_refused_clearly(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(CodeevalError, match="schema version 99, newer than this codeeval"):
        Store(path)


def test_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not sqlite" * 100)
    with pytest.raises(CodeevalError, match="not a usable codeeval store"):
        Store(path)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CodeevalError, match="does not exist"):
        Store(tmp_path / "nope" / "s.db")


def _filled(path, n=400):
    with Store(path) as store:
        for i in range(n):
            store.put_completion(_c(task=f"t{i:04d}", text="x = 1\n" * 40))
    return path


def test_damage_is_found_on_open_and_names_the_file_and_what_is_readable(tmp_path):
    path = _filled(tmp_path / "s.db")
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xa5" * 8192)
    with pytest.raises(StoreCorrupt) as caught:
        Store(path)
    message = str(caught.value)
    assert str(path) in message and "damaged" in message and "readable:" in message and "\n" not in message


def test_read_only_open_reads_and_never_writes(tmp_path):
    path = _filled(tmp_path / "s.db", n=3)
    before = path.read_bytes()
    with Store(path, read_only=True) as store:
        assert len(store.completions_for()) == 3
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.put_completion(_c(task="new"))
    assert path.read_bytes() == before


def test_run_status_must_be_one_of_the_four(tmp_path):
    with Store(tmp_path / "s.db") as store, pytest.raises(ValueError):
        store.set_run_status("r", "finished")


def test_a_run_owner_is_gone_only_when_its_process_is_provably_gone(tmp_path):
    import os
    import socket
    import subprocess
    import sys

    from codeeval.store import owner_is_gone, process_owner

    assert not owner_is_gone(process_owner())  # this process
    host, pid, start = process_owner().split(":")
    assert owner_is_gone(f"{host}:{pid}:{int(start) + 1}")  # same pid, another process (reused)
    assert not owner_is_gone(f"another-host-{socket.gethostname()}:{pid}:{start}")  # cannot tell from here
    assert not owner_is_gone(None) and not owner_is_gone("")  # stored before owners were
    child = subprocess.run([sys.executable, "-c", "from codeeval.store import process_owner; print(process_owner())"],
                           capture_output=True, text=True, check=True, env={**os.environ})
    assert owner_is_gone(child.stdout.strip())  # exited


def test_run_records_its_tasks_and_when_it_ended(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.put_run("r", model="m", identity="i", config_hash="c", suite="s", suite_version="1", suite_hash="h",
                      manifest={}, task_ids=["t2", "t1"])
        run = store.get_run("r")
        assert (run["task_ids"], run["status"], run["finished_at"], run["killed"]) == (["t2", "t1"], "running", None, False)
        store.set_run_status("r", "failed")
        assert store.get_run("r")["finished_at"] is not None
        store.put_run("r", model="m", identity="i", config_hash="c", suite="s", suite_version="1", suite_hash="h",
                      manifest={})  # a resume: running again, same tasks
        run = store.get_run("r")
        assert (run["task_ids"], run["status"], run["finished_at"]) == (["t2", "t1"], "running", None)
