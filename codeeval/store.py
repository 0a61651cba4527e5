"""The SQLite store: every stage writes its results here as soon as they exist, so a crash loses
at most the work in flight and a rerun picks up what is already done.

The schema is built by an ordered list of migrations; the `schema_version` table records how many
have run. Opening a store applies the missing ones, and refuses a store written by a newer codeeval
instead of guessing at tables it does not know. To extend the schema, append a function to
MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Self

from codeeval.errors import CodeevalError
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


# Migration i (1-based) brings the schema from version i-1 to version i.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_completions]
SCHEMA_VERSION = len(MIGRATIONS)

_COMPLETION_COLUMNS = (
    "model", "identity", "config_hash", "task_id", "sample", "text", "finish_reason",
    "prompt_tokens", "completion_tokens", "latency_s", "prompt_truncated",
)  # fmt: skip


class Store:
    """One SQLite file. Writes commit immediately; use one Store per thread."""

    def __init__(self, path: str | Path, *, migrations: list[Callable[[sqlite3.Connection], None]] | None = None):
        self.path = Path(path)
        self._migrations = MIGRATIONS if migrations is None else migrations
        if self.path.parent and not self.path.parent.exists():
            raise CodeevalError(f"cannot create store {self.path}: folder {self.path.parent} does not exist")
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so each write is durable on return.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise CodeevalError(f"{self.path} is not a usable codeeval store ({exc}); pass another --db") from None

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
