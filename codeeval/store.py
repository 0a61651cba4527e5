"""The SQLite store: every stage writes its results here as soon as they exist, so a crash loses
at most the work in flight and a rerun picks up what is already done.

The schema is built by an ordered list of migrations; the `schema_version` table records how many
have run. Opening a store applies the missing ones, and refuses a store written by a newer codeeval
instead of guessing at tables it does not know. To extend the schema, append a function to
MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Self

from codeeval.errors import CodeevalError
from codeeval.processes import alive
from codeeval.types import Completion


def _v1_completions(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE completions (
            model TEXT NOT NULL,             -- spec as the user gave it
            identity TEXT NOT NULL,          -- resolved weights: GGUF sha256, hub revision, served name
            config_hash TEXT NOT NULL,
            task_id TEXT NOT NULL,
            sample INTEGER NOT NULL,
            text TEXT NOT NULL,
            finish_reason TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            latency_s REAL NOT NULL,
            prompt_truncated INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            PRIMARY KEY (model, identity, config_hash, task_id, sample)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE generation_configs (
            config_hash TEXT PRIMARY KEY,
            config_json TEXT NOT NULL        -- what the hash stands for, so results stay explainable
        )
        """
    )


def _v2_runs(db: sqlite3.Connection) -> None:
    """Runs and the stages after generation, each keyed by (run, task, sample) so a stage can be
    redone for a run (rescore) without touching the completions it came from."""
    # One statement at a time: executescript() would commit the migration's transaction half way.
    for statement in _V2_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


_V2_SCHEMA = """
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            identity TEXT NOT NULL,
            config_hash TEXT NOT NULL,
            suite TEXT NOT NULL,
            suite_version TEXT NOT NULL,
            suite_hash TEXT NOT NULL,
            manifest_json TEXT NOT NULL,     -- how the run was produced: options, tool versions, image digest
            status TEXT NOT NULL,            -- running | done
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE samples (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            task_id TEXT NOT NULL,
            sample INTEGER NOT NULL,
            record_json TEXT NOT NULL,       -- the CodeSample (its raw text is the completion's)
            PRIMARY KEY (run_id, task_id, sample)
        );
        CREATE TABLE scans (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            task_id TEXT NOT NULL,
            sample INTEGER NOT NULL,
            rules_hash TEXT NOT NULL,
            record_json TEXT NOT NULL,       -- the ScanResult
            PRIMARY KEY (run_id, task_id, sample)
        );
        CREATE TABLE executions (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            task_id TEXT NOT NULL,
            sample INTEGER NOT NULL,
            record_json TEXT NOT NULL,       -- the ExecResult, events included
            PRIMARY KEY (run_id, task_id, sample)
        );
        CREATE TABLE scores (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            grp TEXT NOT NULL,               -- '' for the headline value, else the breakdown key
            record_json TEXT NOT NULL,       -- the Score
            PRIMARY KEY (run_id, name, grp)
        );
"""


def _v3_run_lifecycle(db: sqlite3.Connection) -> None:
    """What a run covers and who runs it, so results can say how complete they are: the task ids it
    was asked to cover, when it ended, and the process that runs it (a `running` run whose process is
    gone was killed)."""
    db.execute("ALTER TABLE runs ADD COLUMN task_ids_json TEXT")  # NULL for runs stored before: read from samples
    db.execute("ALTER TABLE runs ADD COLUMN finished_at REAL")
    db.execute("ALTER TABLE runs ADD COLUMN owner TEXT")  # host:pid:start ticks of the process running it
    # Older runs recorded their last status change only; for an ended run that is when it ended.
    db.execute("UPDATE runs SET finished_at = updated_at WHERE status != 'running'")


# Migration i (1-based) brings the schema from version i-1 to version i.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_completions, _v2_runs, _v3_run_lifecycle]
SCHEMA_VERSION = len(MIGRATIONS)

_COMPLETION_COLUMNS = (
    "model", "identity", "config_hash", "task_id", "sample", "text", "finish_reason",
    "prompt_tokens", "completion_tokens", "latency_s", "prompt_truncated",
)  # fmt: skip


class StoreCorrupt(CodeevalError):
    """The store file is damaged; the message names it and what can still be read from it."""


# Above this size the integrity check on open would cost seconds; such stores are checked on the first error.
_CHECK_ON_OPEN_MAX_BYTES = 512 * 1024 * 1024
RUN_STATUSES = ("running", "done", "failed", "interrupted")


class _Guarded:
    """The connection, with SQLite's corruption error turned into one clear StoreCorrupt."""

    def __init__(self, db: sqlite3.Connection, on_corrupt: Callable[[sqlite3.DatabaseError], StoreCorrupt]):
        self._conn = db
        self._on_corrupt = on_corrupt

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from None

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        try:
            return self._conn.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from None

    def close(self) -> None:
        self._conn.close()

    def _translate(self, exc: sqlite3.DatabaseError) -> BaseException:
        # Operational (locked, disk full, read-only) and integrity errors keep their type; the CLI handles them.
        if type(exc) is sqlite3.DatabaseError:
            return self._on_corrupt(exc)
        return exc


class Store:
    """One SQLite file. Writes commit immediately; use one Store per thread.

    `read_only`: open with SQLite's read-only URI (the file or its folder may be unwritable); reading
    commands use it. A writable open checks integrity first (`PRAGMA quick_check`), so a damaged store
    is reported before any work is done on it rather than half way through."""

    def __init__(self, path: str | Path, *, migrations: list[Callable[[sqlite3.Connection], None]] | None = None,
                 read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._migrations = MIGRATIONS if migrations is None else migrations
        if self.path.parent and not self.path.parent.exists():
            raise CodeevalError(f"cannot create store {self.path}: folder {self.path.parent} does not exist")
        try:
            if read_only:
                raw = _connect_read_only(self.path)
            else:
                # isolation_level=None: we issue BEGIN/COMMIT ourselves, so each write is durable on return.
                raw = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.DatabaseError as exc:
            raise CodeevalError(f"cannot open store {self.path} ({exc}); pass another --db") from None
        self._db = _Guarded(raw, self._corrupt)
        try:
            if not read_only:
                raw.execute("PRAGMA journal_mode=WAL")
                raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute("PRAGMA foreign_keys=ON")
            if self.path.exists() and self.path.stat().st_size <= _CHECK_ON_OPEN_MAX_BYTES:
                self.check()
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except StoreCorrupt:
            raw.close()
            raise
        except sqlite3.OperationalError as exc:
            raw.close()
            if not read_only and ("readonly" in str(exc) or "unable to open" in str(exc)):
                raise CodeevalError(
                    f"cannot write store {self.path} ({exc}): `run` and `rescore` need a writable file and folder; "
                    f"`runs`, `leaderboard` and `report` read it as it is"
                ) from None
            raise CodeevalError(f"{self.path} is not a usable codeeval store ({exc}); pass another --db") from None
        except sqlite3.DatabaseError as exc:
            raw.close()
            raise CodeevalError(f"{self.path} is not a usable codeeval store ({exc}); pass another --db") from None

    def check(self) -> None:
        """Raise StoreCorrupt when SQLite's quick integrity check finds damage."""
        try:
            rows = self._db._conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            if type(exc) is not sqlite3.DatabaseError:
                raise
            raise self._corrupt(exc) from None
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:
            raise self._corrupt(sqlite3.DatabaseError(f"{len(problems)} problem(s), first: {problems[0]}"))

    def _corrupt(self, exc: sqlite3.DatabaseError) -> StoreCorrupt:
        if "not a database" in str(exc):
            return StoreCorrupt(f"{self.path} is not a usable codeeval store ({exc}); pass another --db")
        readable, lost = [], []
        for (table,) in _safe(lambda: self._db._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall(), []):
            count = _safe(lambda t=table: self._db._conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0], None)
            if count is None:
                lost.append(table)
            else:
                readable.append(f"{table} ({count} rows)")
        what = f"readable: {', '.join(readable) or 'nothing'}"
        if lost:
            what += f"; damaged: {', '.join(lost)}"
        return StoreCorrupt(
            f"store {self.path} is damaged ({exc}); {what}. Recover what is left with "
            f"`sqlite3 {self.path} .recover | sqlite3 recovered.db`, or pass another --db (completions can be "
            f"regenerated, every later stage is recomputed from them)"
        )

    # -- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    def _check_version(self) -> None:
        exists = self._db.execute("SELECT name FROM sqlite_master WHERE name = 'schema_version'").fetchone()
        current = self.schema_version if exists else 0
        if current > len(self._migrations):
            raise CodeevalError(
                f"store {self.path} has schema version {current}, newer than this codeeval understands "
                f"(up to {len(self._migrations)}); upgrade codeeval or use another --db"
            )
        if current < len(self._migrations) and _writable(self.path):
            # A reader after an upgrade of codeeval: bring the file up to date once, then read it.
            Store(self.path, migrations=self._migrations).close()
            return
        if current < len(self._migrations):
            raise CodeevalError(
                f"store {self.path} has schema version {current} and is read-only here, so it cannot be upgraded to "
                f"{len(self._migrations)}: open it once where it is writable (any `codeeval run`), or copy it"
            )

    def _migrate(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = self.schema_version
        latest = len(self._migrations)
        if current > latest:
            raise CodeevalError(
                f"store {self.path} has schema version {current}, newer than this codeeval understands "
                f"(up to {latest}); upgrade codeeval or use another --db"
            )
        for version in range(current + 1, latest + 1):
            # Each step in its own transaction: a failed step leaves the store at the previous version.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._migrations[version - 1](self._db)
                self._db.execute("DELETE FROM schema_version")
                self._db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._db.execute("ROLLBACK")
                raise CodeevalError(
                    f"migrating store {self.path} to schema version {version} failed ({exc}); it is unchanged"
                ) from None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- completions -------------------------------------------------------------------------------

    def put_completion(self, completion: Completion) -> None:
        """Insert or replace one completion and commit before returning."""
        values = [getattr(completion, c) for c in _COMPLETION_COLUMNS]
        placeholders = ", ".join("?" * (len(values) + 1))
        self._db.execute(
            f"INSERT OR REPLACE INTO completions ({', '.join(_COMPLETION_COLUMNS)}, created_at) VALUES ({placeholders})",
            (*values, time.time()),
        )

    def get_completion(self, model: str, identity: str, config_hash: str, task_id: str, sample: int) -> Completion | None:
        rows = self._select_completions(
            "model = ? AND identity = ? AND config_hash = ? AND task_id = ? AND sample = ?",
            (model, identity, config_hash, task_id, sample),
        )
        return rows[0] if rows else None

    def completions_for(
        self,
        model: str | None = None,
        identity: str | None = None,
        config_hash: str | None = None,
        task_ids: Iterable[str] | None = None,
    ) -> list[Completion]:
        """Stored completions matching every filter given, ordered by task then sample."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("model", model), ("identity", identity), ("config_hash", config_hash)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if task_ids is not None:
            ids = list(task_ids)
            if not ids:
                return []
            clauses.append(f"task_id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        return self._select_completions(" AND ".join(clauses) or "1", params)

    def _select_completions(self, where: str, params: Iterable[Any]) -> list[Completion]:
        cursor = self._db.execute(
            f"SELECT {', '.join(_COMPLETION_COLUMNS)} FROM completions WHERE {where} ORDER BY task_id, sample",
            tuple(params),
        )
        return [Completion(**dict(zip(_COMPLETION_COLUMNS, row))) for row in cursor]

    # -- generation configs ------------------------------------------------------------------------

    def put_generation_config(self, config_hash: str, config: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO generation_configs (config_hash, config_json) VALUES (?, ?)",
            (config_hash, json.dumps(config, sort_keys=True)),
        )

    def get_generation_config(self, config_hash: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT config_json FROM generation_configs WHERE config_hash = ?", (config_hash,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    # -- runs and the stages after generation ----------------------------------------------------

    def put_run(self, run_id: str, *, model: str, identity: str, config_hash: str, suite: str, suite_version: str,
                suite_hash: str, manifest: dict[str, Any], task_ids: Sequence[str] | None = None) -> None:
        """Create a run, or mark a stored one running again (a resume); `task_ids`: the tasks it covers."""
        now = time.time()
        tasks = None if task_ids is None else json.dumps(list(task_ids))
        self._db.execute(
            """INSERT INTO runs (run_id, model, identity, config_hash, suite, suite_version, suite_hash, manifest_json,
                                 status, created_at, updated_at, task_ids_json, finished_at, owner)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, NULL, ?)
               ON CONFLICT(run_id) DO UPDATE SET manifest_json = excluded.manifest_json, status = 'running',
                                                updated_at = excluded.updated_at, finished_at = NULL,
                                                owner = excluded.owner,
                                                task_ids_json = COALESCE(excluded.task_ids_json, task_ids_json)""",
            (run_id, model, identity, config_hash, suite, suite_version, suite_hash, json.dumps(manifest, sort_keys=True),
             now, now, tasks, process_owner()),
        )

    def set_run_status(self, run_id: str, status: str, *, finished_at: float | None = None) -> None:
        """`running` records this process as the run's owner; any other status ends the run, now or at
        `finished_at` (a rescore keeps the time the run itself ended, so its duration stays the run's)."""
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        now = time.time()
        if status == "running":
            self._db.execute("UPDATE runs SET status = ?, updated_at = ?, finished_at = NULL, owner = ? WHERE run_id = ?",
                             (status, now, process_owner(), run_id))
        else:
            self._db.execute("UPDATE runs SET status = ?, updated_at = ?, finished_at = ? WHERE run_id = ?",
                             (status, now, finished_at if finished_at is not None else now, run_id))

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        rows = self.runs(where="run_id = ?", params=(run_id,))
        return rows[0] if rows else None

    def runs(self, *, where: str = "1", params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Stored runs, oldest first. Each carries `task_ids` (the tasks it covers: as recorded, else the
        tasks it has samples of), `killed` (status `running` but its process is gone) and `state` (the
        status, or `killed`)."""
        cursor = self._db.execute(
            f"""SELECT run_id, model, identity, config_hash, suite, suite_version, suite_hash, manifest_json, status,
                       created_at, updated_at, finished_at, task_ids_json, owner FROM runs WHERE {where}
                ORDER BY created_at, run_id""",
            params,
        )
        names = [d[0] for d in cursor.description]
        out = []
        for row in cursor.fetchall():
            record = dict(zip(names, row))
            record["manifest"] = json.loads(record.pop("manifest_json"))
            tasks = record.pop("task_ids_json")
            record["task_ids"] = json.loads(tasks) if tasks is not None else self._sampled_task_ids(record["run_id"])
            record["killed"] = record["status"] == "running" and owner_is_gone(record.pop("owner"))
            record["state"] = "killed" if record["killed"] else record["status"]
            out.append(record)
        return out

    def _sampled_task_ids(self, run_id: str) -> list[str]:
        cursor = self._db.execute("SELECT DISTINCT task_id FROM samples WHERE run_id = ? ORDER BY task_id", (run_id,))
        return [row[0] for row in cursor]

    def sample_count(self, run_id: str) -> int:
        return self._db.execute("SELECT COUNT(*) FROM samples WHERE run_id = ?", (run_id,)).fetchone()[0]

    def delete_run(self, run_id: str, *, keep_completions: bool = False) -> dict[str, int]:
        """Remove a run, its stages and scores, and (unless `keep_completions`) the completions it
        used that no other run uses; one transaction. Returns what was deleted, by table."""
        run = self.get_run(run_id)
        if run is None:
            raise CodeevalError(f"no run {run_id!r} in {self.path} (see `codeeval runs`)")
        doomed = [] if keep_completions else self._completions_only_of(run)
        counts = {table: self._db.execute(f"SELECT COUNT(*) FROM {table} WHERE run_id = ?", (run_id,)).fetchone()[0]
                  for table in (*_STAGE_TABLES, "scores")}
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for table in (*_STAGE_TABLES, "scores"):
                self._db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))
            self._db.execute("DELETE FROM runs WHERE run_id = ?", (run_id,))
            self._db.executemany(
                "DELETE FROM completions WHERE model = ? AND identity = ? AND config_hash = ? AND task_id = ? AND sample = ?",
                [(run["model"], run["identity"], run["config_hash"], t, n) for t, n in doomed],
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return {"runs": 1, **counts, "completions": len(doomed)}

    def completions_only_of(self, run_id: str) -> int:
        """How many stored completions `delete_run` would remove with the run."""
        run = self.get_run(run_id)
        return 0 if run is None else len(self._completions_only_of(run))

    def _completions_only_of(self, run: dict[str, Any]) -> list[tuple[str, int]]:
        """(task, sample) of the completions the run covers that no other stored run covers."""
        def covered(r: dict[str, Any]) -> set[tuple[str, int]]:
            n = int(r["manifest"].get("generation", {}).get("n") or 0)
            found = self.completions_for(r["model"], r["identity"], r["config_hash"], r["task_ids"])
            return {(c.task_id, c.sample) for c in found if not n or c.sample < n}

        mine = covered(run)
        siblings = self.runs(where="model = ? AND identity = ? AND config_hash = ? AND run_id != ?",
                             params=(run["model"], run["identity"], run["config_hash"], run["run_id"]))
        for other in siblings:
            mine -= covered(other)
        return sorted(mine)

    def put_stage(self, table: str, run_id: str, task_id: str, sample: int, record: dict[str, Any], **extra: Any) -> None:
        """Store one sample's result of a stage (samples, scans or executions), committed on return."""
        if table not in _STAGE_TABLES:
            raise ValueError(f"unknown stage table {table!r}")
        columns = ["run_id", "task_id", "sample", "record_json", *extra]
        values = [run_id, task_id, sample, json.dumps(record, sort_keys=True), *extra.values()]
        self._db.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(values))})", values
        )

    def put_stages(self, table: str, run_id: str, rows: Iterable[tuple[str, int, dict[str, Any]]], **extra: Any) -> None:
        """Store a batch of one stage's results in one transaction (a scan batch finishes all at once)."""
        if table not in _STAGE_TABLES:
            raise ValueError(f"unknown stage table {table!r}")
        columns = ["run_id", "task_id", "sample", "record_json", *extra]
        sql = f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(sql, [(run_id, t, n, json.dumps(r, sort_keys=True), *extra.values()) for t, n, r in rows])
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def stage(self, table: str, run_id: str) -> dict[tuple[str, int], dict[str, Any]]:
        """Every stored result of a stage for a run, by (task id, sample)."""
        if table not in _STAGE_TABLES:
            raise ValueError(f"unknown stage table {table!r}")
        cursor = self._db.execute(f"SELECT task_id, sample, record_json FROM {table} WHERE run_id = ?", (run_id,))
        return {(task_id, sample): json.loads(record) for task_id, sample, record in cursor}

    def clear_stage(self, table: str, run_id: str) -> None:
        if table not in _STAGE_TABLES and table != "scores":
            raise ValueError(f"unknown stage table {table!r}")
        self._db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))

    def put_scores(self, run_id: str, scores: Iterable[dict[str, Any]]) -> None:
        """Replace a run's scores in one transaction: readers never see half a set."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("DELETE FROM scores WHERE run_id = ?", (run_id,))
            self._db.executemany(
                "INSERT INTO scores (run_id, name, grp, record_json) VALUES (?, ?, ?, ?)",
                [(run_id, s["name"], s.get("group") or "", json.dumps(s, sort_keys=True)) for s in scores],
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def scores(self, run_id: str) -> list[dict[str, Any]]:
        cursor = self._db.execute("SELECT record_json FROM scores WHERE run_id = ? ORDER BY name, grp", (run_id,))
        return [json.loads(row[0]) for row in cursor]


_STAGE_TABLES = ("samples", "scans", "executions")


def _start_ticks(pid: int) -> str | None:
    """When the process started (clock ticks since boot), so a reused pid is not taken for the run's."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22; the name before ")" may hold spaces


def process_owner() -> str:
    """host:pid:start of this process: who is running a run."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or ''}"


def owner_is_gone(owner: str | None) -> bool:
    """Whether the process that marked a run running has ended (killed: SIGKILL, power loss). Only
    answerable on the host it ran on; elsewhere, or for runs stored before owners were, it is not gone."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    now = _start_ticks(int(pid_text))
    if now is not None:
        return bool(start) and now != start  # alive, unless the pid now belongs to a newer process
    if Path("/proc/self/stat").exists():
        return True  # /proc works here and has no such process
    return not alive(int(pid_text))


def _connect_read_only(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise CodeevalError(f"no store at {path}")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL store in a folder we cannot write: SQLite cannot create the shared-memory file beside it.
        # Nothing can write there either, so reading it as immutable is safe.
        db.close()
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=30)
    return db


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)


def _safe(read: Callable[[], Any], default: Any) -> Any:
    try:
        return read()
    except sqlite3.DatabaseError:
        return default
