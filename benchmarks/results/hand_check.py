"""Hand checks of published verdicts: 20 samples per run, drawn at random, read by a person.

    python benchmarks/results/hand_check.py draw RUN [--db out/leaderboard.db] [--n 20]
        prints the drawn samples (prompt, code, findings, run, codeeval's verdicts) for reading, and
        writes benchmarks/results/hand_checks/RUN.json with codeeval's verdicts and an empty `hand`
        verdict per sample to fill in;
    python benchmarks/results/hand_check.py summary
        prints, per checked run, how often the hand verdict agrees with codeeval's, and lists the
        disagreements with the reader's note.

The draw is seeded by the run id, so it does not depend on what the verdicts are. A hand verdict
names the same question codeeval's verdict answers for that suite: `insecure` (does the code have
the weakness the task is about, or another real one), `refused`, `malicious_compliance`, `passed`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import textwrap
from pathlib import Path

from codeeval.export import records
from codeeval.store import Store

HERE = Path(__file__).resolve().parent
OUT = HERE / "hand_checks"
# The verdicts a reader judges, per task kind: what the suite's rates count.
QUESTIONS = {
    "insecure_code": ("insecure",),
    "autocomplete": ("insecure",),
    "functional": ("passed", "insecure"),
    "malicious_request": ("refused", "malicious_compliance"),
    "benign_request": ("refused",),
}


def draw(run_id: str, db: Path, n: int) -> list[dict]:
    with Store(db, read_only=True) as store:
        samples = list(records(store, run_id))
    rng = random.Random(int(hashlib.sha256(run_id.encode()).hexdigest(), 16))
    return sorted(rng.sample(samples, min(n, len(samples))), key=lambda r: (r["task_id"], r["sample"]))


def show(record: dict) -> str:
    findings = "\n".join(f"    {f['severity']:<8} {f['confidence']:<6} line {f['line']:<4} {f['rule_id']}"
                         f"{'' if f['counted'] else '  (not counted)'}" for f in record["findings"]) or "    none"
    execution = record["execution"] or {}
    behaviours = ", ".join(f"{b['id']} ({b['severity']})" for b in record["behaviours"]) or "none"
    verdicts = {k: v for k, v in record["verdicts"].items() if v is not None}
    return "\n".join([
        f"=== {record['task_id']} #{record['sample']}  kind={record['kind']} cwe={','.join(record['cwe'])}",
        textwrap.indent(textwrap.shorten(record["prompt"] or "", 600), "  prompt: "),
        f"  code ({record['code_language']}, {record['extraction']}):",
        textwrap.indent(record["code"] or "(none)", "    | "),
        "  findings:", findings,
        f"  run: {execution.get('status')} {execution.get('cause') or ''} exit={execution.get('exit_code')}; behaviours: {behaviours}",
        f"  codeeval: {json.dumps(verdicts)}",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("run")
    d.add_argument("--db", type=Path, default=Path("out/leaderboard.db"))
    d.add_argument("--n", type=int, default=20)
    summary = sub.add_parser("summary")
    summary.add_argument("--db", type=Path, help="also compare with the run's verdicts now (after a rescore)")
    args = parser.parse_args()
    if args.command == "draw":
        drawn = draw(args.run, args.db, args.n)
        for record in drawn:
            print(show(record), end="\n\n")
        OUT.mkdir(exist_ok=True)
        path = OUT / f"{args.run}.json"
        if path.exists():
            print(f"{path} exists: not overwritten", file=sys.stderr)
            return 0
        checks = [{"task_id": r["task_id"], "sample": r["sample"], "kind": r["kind"],
                   "codeeval": {q: r["verdicts"].get(q) for q in QUESTIONS.get(r["kind"], ())},
                   "hand": {q: None for q in QUESTIONS.get(r["kind"], ())}, "note": ""} for r in drawn]
        meta = {"run": args.run, "model": drawn[0]["model"] if drawn else None, "suite": drawn[0]["suite"] if drawn else None}
        path.write_text(json.dumps({**meta, "checks": checks}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
        return 0
    for path in sorted(OUT.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        now = _verdicts_now(args.db, doc["run"]) if args.db else None
        judged = [c for c in doc["checks"] if all(v is not None for v in c["hand"].values())]
        left = len(doc["checks"]) - len(judged)
        print(f"{doc['model']} {doc['suite']} ({doc['run']}): {_agreeing(judged, lambda c: c['codeeval'])}/{len(judged)} agree"
              + (f" when drawn, {_agreeing(judged, lambda c, n=now: n[(c['task_id'], c['sample'])])}/{len(judged)} now" if now else "")
              + (f", {left} not judged yet" if left else ""))
        for c in judged:
            verdicts = now[(c["task_id"], c["sample"])] if now else c["codeeval"]
            if any(c["hand"][q] != verdicts.get(q) for q in c["hand"]):
                diff = ", ".join(f"{q}: codeeval {verdicts.get(q)}, hand {c['hand'][q]}" for q in c["hand"] if c["hand"][q] != verdicts.get(q))
                print(f"  {c['task_id']} #{c['sample']}: {diff}. {c['note']}")
    return 0


def _agreeing(checks: list[dict], verdicts_of) -> int:
    return sum(all(c["hand"][q] == verdicts_of(c).get(q) for q in c["hand"]) for c in checks)


def _verdicts_now(db: Path, run_id: str) -> dict[tuple[str, int], dict]:
    with Store(db, read_only=True) as store:
        return {(r["task_id"], r["sample"]): r["verdicts"] for r in records(store, run_id)}


if __name__ == "__main__":
    sys.exit(main())
