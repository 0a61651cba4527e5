"""Leaderboard rows read from the store: the latest finished run per model and suite."""

from __future__ import annotations

from codeeval.report.leaderboard import Row
from codeeval.store import Store
from codeeval.types import Score

BREAKDOWN_KEYS = {"CWE-": "cwe", "lang:": "language", "family:": "family", "status:": "status", "cause:": "cause",
                  "module:": "missing_module"}


def rows_from_store(store: Store, *, suite: str | None = None) -> list[Row]:
    latest: dict[tuple[str, str], dict] = {}
    for run in store.runs():
        if run["status"] != "done" or (suite and run["suite"] != suite):
            continue
        latest[(run["model"], run["suite"])] = run  # runs come oldest first
    return [row_for_run(store, run) for _, run in sorted(latest.items())]


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
    samples = len(store.stage("samples", run["run_id"]))
    return Row(run["model"], run["suite"], run["run_id"], samples, metrics, breakdowns)
