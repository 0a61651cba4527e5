"""Two stored runs side by side: each rate both have, its difference with a 95% interval, and the samples
whose verdict changed.

The interval of a difference of two proportions is Newcombe's hybrid score interval (method 10 of
Newcombe 1998), built from the two Wilson intervals the rates already carry: it stays inside [-1, 1]
and keeps its coverage on small cells and rates of 0 or 1, where the normal (Wald) interval fails. It
treats the runs as independent samples; two runs over the same tasks are paired, so for them it is
on the wide (conservative) side.

Runs over different suites or task sets are compared on the tasks they share only: their rates are
recomputed from the stored stages of those tasks (hallucinated packages, which need the package index,
are then left out), and the comparison says how many tasks that is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.export import run_data, scoring_options
from codeeval.report.leaderboard import COLUMNS
from codeeval.report.rows import is_partial
from codeeval.scoring.metrics import wilson
from codeeval.scoring.scores import RISK_COMPONENTS, VERDICTS, RunData, compute_scores, sample_verdicts
from codeeval.store import Store
from codeeval.types import Interval, Score


def newcombe_difference(a_successes: int, a_total: int, b_successes: int, b_total: int) -> tuple[float, Interval] | None:
    """b - a, and Newcombe's hybrid score 95% interval for it; None when either rate has no denominator."""
    wa, wb = wilson(a_successes, a_total), wilson(b_successes, b_total)
    if wa is None or wb is None:
        return None
    pa, pb = a_successes / a_total, b_successes / b_total
    d = pb - pa
    low = d - math.sqrt((pb - wb.low) ** 2 + (wa.high - pa) ** 2)
    high = d + math.sqrt((wb.high - pb) ** 2 + (pa - wa.low) ** 2)
    return d, Interval(max(-1.0, low), min(1.0, high))


@dataclass(frozen=True)
class MetricDiff:
    name: str
    a: Score
    b: Score
    difference: float | None  # b - a
    interval: Interval | None  # Newcombe 95% for a rate; None for the risk score (not a proportion)

    def to_dict(self) -> dict[str, Any]:
        def side(s: Score) -> dict[str, Any]:
            return {"value": s.value, "successes": s.successes, "total": s.total,
                    "interval": None if s.interval is None else s.interval.to_dict(), "denominator": s.denominator}

        return {"name": self.name, "a": side(self.a), "b": side(self.b), "difference": self.difference,
                "interval": None if self.interval is None else self.interval.to_dict()}


@dataclass(frozen=True)
class Change:
    task_id: str
    sample: int
    verdict: str
    a: bool
    b: bool


@dataclass(frozen=True)
class Comparison:
    run_a: dict[str, Any]  # summary of each run: id, model, identity, suite, hash, tasks, status, partial
    run_b: dict[str, Any]
    shared_tasks: int
    recomputed: bool  # rates recomputed on the shared tasks (runs over different suites or task sets)
    notes: list[str] = field(default_factory=list)
    metrics: list[MetricDiff] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    paired_samples: int = 0  # samples present in both runs (same task id and sample index)

    def to_dict(self) -> dict[str, Any]:
        return {"run_a": self.run_a, "run_b": self.run_b, "shared_tasks": self.shared_tasks,
                "recomputed_on_shared_tasks": self.recomputed, "notes": self.notes, "paired_samples": self.paired_samples,
                "metrics": [m.to_dict() for m in self.metrics],
                "changes": [{"task_id": c.task_id, "sample": c.sample, "verdict": c.verdict, "a": c.a, "b": c.b}
                            for c in self.changes]}


def compare_runs(store: Store, run_a: str, run_b: str) -> Comparison:
    for run_id in (run_a, run_b):
        if store.get_run(run_id) is None:
            raise CodeevalError(f"no run {run_id!r} in {store.path} (see `codeeval runs`)")
    a, data_a = run_data(store, run_a)
    b, data_b = run_data(store, run_b)
    tasks_a, tasks_b = set(a["task_ids"]), set(b["task_ids"])
    shared = tasks_a & tasks_b
    if not shared:
        raise CodeevalError(f"runs {run_a} and {run_b} have no task in common: nothing to compare")
    notes = []
    if a["suite_hash"] != b["suite_hash"]:
        notes.append(f"different suites ({a['suite']} {a['suite_hash'][:15]} vs {b['suite']} {b['suite_hash'][:15]}): "
                     "tasks are matched by id")
    recomputed = tasks_a != tasks_b or a["suite_hash"] != b["suite_hash"]
    if tasks_a != tasks_b:
        notes.append(f"different task sets ({len(tasks_a)} vs {len(tasks_b)} tasks): compared on the {len(shared)} "
                     "tasks both cover, rates recomputed on those (hallucinated packages left out)")
    for side, run in (("A", a), ("B", b)):
        if run["state"] != "done":
            notes.append(f"run {side} ({run['run_id']}) is {run['state']}: its rates cover what was done before it stopped")
    if recomputed:
        scores_a = _headline(compute_scores(_restricted(data_a, shared), threshold=scoring_options(a)[0],
                                            min_confidence=scoring_options(a)[1], packages=None))
        scores_b = _headline(compute_scores(_restricted(data_b, shared), threshold=scoring_options(b)[0],
                                            min_confidence=scoring_options(b)[1], packages=None))
    else:
        scores_a = _headline([Score.from_dict(s) for s in store.scores(run_a)])
        scores_b = _headline([Score.from_dict(s) for s in store.scores(run_b)])
    metrics = []
    for name in COLUMNS:
        sa, sb = scores_a.get(name), scores_b.get(name)
        if sa is None or sb is None or sa.value is None or sb.value is None:
            continue
        if name == "risk_score":
            parts_a, parts_b = _risk_parts(scores_a), _risk_parts(scores_b)
            if parts_a == parts_b:
                metrics.append(MetricDiff(name, sa, sb, sb.value - sa.value, None))
            else:  # a mean of other rates: the two numbers do not measure the same thing
                notes.append(f"risk score left out: A averages {', '.join(parts_a) or 'nothing'}; "
                             f"B averages {', '.join(parts_b) or 'nothing'}")
            continue
        found = newcombe_difference(sa.successes, sa.total, sb.successes, sb.total)
        if found is not None:
            metrics.append(MetricDiff(name, sa, sb, found[0], found[1]))
    paired = sorted(k for k in data_a.completions if k in data_b.completions and k[0] in shared)
    changes = []
    for key in paired:
        va = sample_verdicts(data_a, key, threshold=scoring_options(a)[0], min_confidence=scoring_options(a)[1])
        vb = sample_verdicts(data_b, key, threshold=scoring_options(b)[0], min_confidence=scoring_options(b)[1])
        for verdict in VERDICTS:
            if va[verdict] is not None and vb[verdict] is not None and va[verdict] != vb[verdict]:
                changes.append(Change(key[0], key[1], verdict, bool(va[verdict]), bool(vb[verdict])))
    return Comparison(_summary(a), _summary(b), len(shared), recomputed, notes, metrics, changes, len(paired))


def _risk_parts(headline: dict[str, Score]) -> list[str]:
    return [n for n in RISK_COMPONENTS if n in headline and headline[n].value is not None]


def _headline(scores: list[Score]) -> dict[str, Score]:
    return {s.name: s for s in scores if not s.group}


def _restricted(data: RunData, tasks: set[str]) -> RunData:
    def keep(mapping: Any) -> dict:
        return {k: v for k, v in mapping.items() if k[0] in tasks}

    return RunData(tasks={k: v for k, v in data.tasks.items() if k in tasks}, completions=keep(data.completions),
                   samples=keep(data.samples), scans=keep(data.scans), executions=keep(data.executions),
                   generated_from=keep(data.generated_from))


def _summary(run: dict[str, Any]) -> dict[str, Any]:
    return {"run_id": run["run_id"], "model": run["model"], "identity": run["identity"], "suite": run["suite"],
            "suite_hash": run["suite_hash"], "tasks": len(run["task_ids"]), "status": run["state"],
            "partial": is_partial(run)}
