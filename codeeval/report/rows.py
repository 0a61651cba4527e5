"""Leaderboard rows read from the store.

A row stands for one model identity (the resolved weights and backend, not the name typed), one
suite content (its hash), one generation config and one task set. Rows are never merged across any of
these, and a run that covers only part of its suite (`--limit`) or did not finish never takes the place
of a full finished one: by default the board holds, per such key, the latest finished run, and leaves
out partial rows of a model, suite and config that also has a full row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.report.leaderboard import Row
from codeeval.store import Store
from codeeval.types import Score

BREAKDOWN_KEYS = {"CWE-": "cwe", "lang:": "language", "family:": "family", "status:": "status", "cause:": "cause",
                  "module:": "missing_module"}


@dataclass(frozen=True)
class Board:
    """The rows chosen, and the runs left out of them with the reason (for a note under the table)."""

    rows: list[Row]
    left_out: dict[str, list[str]] = field(default_factory=dict)  # reason -> run ids

    def note(self) -> str | None:
        if not self.left_out:
            return None
        parts = [f"{len(ids)} {reason}" for reason, ids in self.left_out.items()]
        return f"not shown: {', '.join(parts)} (`--all` shows every run, `--run ID` picks rows)"


def run_key(run: dict[str, Any]) -> tuple:
    """What a row stands for: same key, same question asked of the same model."""
    return (run["identity"], run["suite_hash"], run["config_hash"], _n(run), tuple(sorted(run["task_ids"])))


def is_partial(run: dict[str, Any]) -> bool:
    suite_tasks = int(run["manifest"].get("suite", {}).get("tasks") or 0)
    return _limit(run) is not None or (suite_tasks > 0 and len(run["task_ids"]) < suite_tasks)


def rows_from_store(store: Store, *, suite: str | None = None) -> list[Row]:
    return board_from_store(store, suite=suite).rows


def board_from_store(store: Store, *, suite: str | None = None, run_ids: list[str] | None = None,
                     every_run: bool = False) -> Board:
    """The default board (see the module docstring); `run_ids` picks rows by run, `every_run` shows
    one row per stored run, finished or not."""
    runs = store.runs()
    if run_ids:
        by_id = {r["run_id"]: r for r in runs}
        unknown = [r for r in run_ids if r not in by_id]
        if unknown:
            raise CodeevalError(f"no run {', '.join(map(repr, unknown))} in {store.path} (see `codeeval runs`)")
        return Board([row_for_run(store, by_id[r]) for r in dict.fromkeys(run_ids)])
    runs = [r for r in runs if not suite or suite in (r["suite"], r["suite_hash"])]
    if every_run:
        return Board([row_for_run(store, r) for r in runs])
    left_out: dict[str, list[str]] = {}
    latest: dict[tuple, dict[str, Any]] = {}
    for run in runs:  # oldest first: a later finished run of the same key takes the row
        if run["state"] != "done":
            left_out.setdefault("unfinished", []).append(run["run_id"])
            continue
        key = run_key(run)
        if key in latest:
            left_out.setdefault("older", []).append(latest[key]["run_id"])
        latest[key] = run
    full = {key[:4] for key, run in latest.items() if not is_partial(run)}
    chosen = []
    for key, run in sorted(latest.items(), key=lambda kv: (kv[1]["model"], kv[1]["suite"], kv[0])):
        if is_partial(run) and key[:4] in full:
            left_out.setdefault("partial (a full run exists)", []).append(run["run_id"])
            continue
        chosen.append(row_for_run(store, run))
    return Board(chosen, left_out)


def row_for_run(store: Store, run: dict) -> Row:
    metrics: dict[str, Score] = {}
    breakdowns: dict[str, list[Score]] = {}
    for record in store.scores(run["run_id"]):
        score = Score.from_dict(record)
        if not score.group:
            metrics[score.name] = score
            continue
        kind = next((v for k, v in BREAKDOWN_KEYS.items() if score.group.startswith(k)), "behaviour")
        breakdowns.setdefault(kind, []).append(score)
    return Row(
        run["model"], run["suite"], run["run_id"], store.sample_count(run["run_id"]), metrics, breakdowns,
        identity=run.get("identity", ""), suite_hash=run.get("suite_hash", ""),
        status=run.get("state") or run.get("status", "done"), tasks=len(run.get("task_ids") or ()),
        suite_tasks=int(run.get("manifest", {}).get("suite", {}).get("tasks") or 0), limit=_limit(run),
    )


def _limit(run: dict[str, Any]) -> int | None:
    return run.get("manifest", {}).get("options", {}).get("limit")


def _n(run: dict[str, Any]) -> int | None:
    return run.get("manifest", {}).get("generation", {}).get("n")
