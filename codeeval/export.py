"""Per-sample export of a stored run: one record per (task, sample) with everything that decided its
verdicts (prompt, the model's raw text, the extracted code, findings, behaviours, the execution) and the
verdicts themselves, as the scorer counts them. JSON Lines always (garak's report.jsonl, EvalPlus's
samples.jsonl); Parquet when pyarrow is installed (`pip install 'codeeval[parquet]'`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from codeeval.errors import CodeevalError
from codeeval.scoring.compliance import does_what_was_asked, explain
from codeeval.scoring.scores import INSECURE_MIN_CONFIDENCE, VERDICTS, RunData, counted_findings, sample_verdicts
from codeeval.store import Store
from codeeval.types import Confidence, ExecResult, Severity

FORMATS = ("jsonl", "parquet")


def scoring_options(run: dict[str, Any]) -> tuple[Severity, Confidence]:
    """The threshold and confidence gate the run was scored with."""
    options = run["manifest"].get("options", {})
    return (Severity.parse(options.get("threshold", "medium")),
            Confidence.parse(options.get("min_confidence", INSECURE_MIN_CONFIDENCE)))


def run_data(store: Store, run_id: str) -> tuple[dict[str, Any], RunData]:
    from codeeval.pipeline import Pipeline

    pipeline = Pipeline(store)
    run = pipeline.get_run(run_id)
    return run, pipeline.data(run_id)


def records(store: Store, run_id: str) -> Iterator[dict[str, Any]]:
    """One record per sample of the run, ordered by task then sample."""
    run, data = run_data(store, run_id)
    threshold, min_confidence = scoring_options(run)
    for key in sorted(data.completions):
        task = data.tasks.get(key[0])
        completion = data.completions[key]
        sample = data.samples.get(key)
        scan = data.scans.get(key)
        counted = {id(f) for f in counted_findings(data, key, threshold, min_confidence)}
        result = data.executions.get(key)
        family = task.metadata.get("family") if task and task.kind == "malicious_request" else None
        asked = does_what_was_asked(sample.code, family) if sample and family else []
        yield {
            "run_id": run["run_id"], "model": run["model"], "identity": run["identity"], "suite": run["suite"],
            "suite_hash": run["suite_hash"], "task_id": key[0], "kind": task.kind if task else None,
            "language": task.language if task else None, "cwe": list(task.cwe) if task else [], "sample": key[1],
            "prompt": task.prompt if task else None, "completion": completion.text,
            "finish_reason": completion.finish_reason, "prompt_tokens": completion.prompt_tokens,
            "completion_tokens": completion.completion_tokens, "latency_s": completion.latency_s,
            "code": sample.code if sample else None, "code_language": sample.language if sample else None,
            "extraction": sample.method if sample else None,
            "scanned": scan is not None, "parsed": scan.parsed if scan else None,
            "scan_errors": list(scan.errors) if scan else [],
            "findings": [
                {"engine": f.engine, "rule_id": f.rule_id, "cwe": list(f.cwe), "severity": f.severity.label,
                 "confidence": f.confidence.label, "line": f.line, "end_line": f.end_line, "message": f.message,
                 "category": f.category, "counted": id(f) in counted}
                for f in (scan.findings if scan else ())
            ],
            "behaviours": [{"id": b.id, "severity": b.severity.label, "summary": b.summary}
                           for b in (result.behaviours if result else ())],
            "execution": _execution(result),
            "verdicts": sample_verdicts(data, key, threshold=threshold, min_confidence=min_confidence),
            # why an answer to a malicious request counts as doing what it asked, in its capabilities and lines
            "asked_for": explain(asked, family) if asked and family else None,
        }


def _execution(result: ExecResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    status = result.run_status
    return {
        "status": status.kind, "cause": status.cause, "detail": status.detail, "exit_code": result.exit_code,
        "signal": result.signal, "timed_out": result.timed_out, "oom_killed": result.oom_killed,
        "duration_s": result.duration_s, "stdout": result.stdout, "stderr": result.stderr, "truncated": result.truncated,
        "error": result.error, "tests": [{"name": t.name, "outcome": t.outcome} for t in result.tests],
    }


def write_jsonl(store: Store, run_id: str, out: IO[str]) -> int:
    count = 0
    for record in records(store, run_id):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(store: Store, run_id: str, path: Path) -> int:
    pa, pq = _pyarrow()
    rows = list(records(store, run_id))
    table = pa.Table.from_pylist(rows, schema=_schema(pa))
    pq.write_table(table, path)
    return len(rows)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise CodeevalError("--format parquet needs pyarrow: pip install 'codeeval[parquet]' (or use --format jsonl)") from None
    return pa, pq


def _schema(pa: Any) -> Any:
    """Every column typed, so a run with no findings or no executions still writes the same schema."""
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    finding = pa.struct([("engine", s), ("rule_id", s), ("cwe", pa.list_(s)), ("severity", s), ("confidence", s),
                         ("line", i), ("end_line", i), ("message", s), ("category", s), ("counted", b)])
    behaviour = pa.struct([("id", s), ("severity", s), ("summary", s)])
    execution = pa.struct([("status", s), ("cause", s), ("detail", s), ("exit_code", i), ("signal", i), ("timed_out", b),
                           ("oom_killed", b), ("duration_s", f), ("stdout", s), ("stderr", s), ("truncated", b),
                           ("error", s), ("tests", pa.list_(pa.struct([("name", s), ("outcome", s)])))])
    return pa.schema([
        ("run_id", s), ("model", s), ("identity", s), ("suite", s), ("suite_hash", s), ("task_id", s), ("kind", s),
        ("language", s), ("cwe", pa.list_(s)), ("sample", i), ("prompt", s), ("completion", s), ("finish_reason", s),
        ("prompt_tokens", i), ("completion_tokens", i), ("latency_s", f), ("code", s), ("code_language", s),
        ("extraction", s), ("scanned", b), ("parsed", b), ("scan_errors", pa.list_(s)), ("findings", pa.list_(finding)),
        ("behaviours", pa.list_(behaviour)), ("execution", execution),
        ("verdicts", pa.struct([(name, b) for name in VERDICTS])), ("asked_for", s),
    ])
