"""Publish what a run store holds as the committed leaderboard: benchmarks/results/.

Everything but the manifests is written through codeeval's own commands, so what is published is what a
user gets:
- leaderboard.md, leaderboard.json, leaderboard.html: `codeeval leaderboard --run ...` over every
  finished run (a partial one marked); a run still in flight is left out until it finishes;
- runs.json: `codeeval runs --format json` (status, tasks, samples, limit, dates, durations);
- samples/RUN_ID.jsonl: `codeeval export` (prompt, raw completion, code, findings, behaviours,
  execution and verdicts of every sample);
- reports/RUN_ID.html: `codeeval report RUN_ID` (every sample in detail);
- manifests/RUN_ID.json: each run's manifest (model identity, backend, suite hash, tools, sandbox),
  read from the store.

    python benchmarks/results/publish.py --db out/leaderboard.db [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def codeeval(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "codeeval", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"codeeval {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def publish(db: Path, out: Path) -> list[dict]:
    for folder in ("samples", "reports", "manifests"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    runs = json.loads(codeeval("runs", "--db", str(db), "--format", "json"))
    runs = runs["runs"] if isinstance(runs, dict) else runs
    # A run still in flight (or killed) is not published: `make leaderboard` finishes it first.
    left = [r["run_id"] for r in runs if r["status"] != "done"]
    if left:
        print(f"not published, not finished: {', '.join(left)}", file=sys.stderr)
    runs = [r for r in runs if r["status"] == "done"]
    (out / "runs.json").write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    chosen = [arg for r in runs for arg in ("--run", r["run_id"])]
    for fmt, name in (("md", "leaderboard.md"), ("json", "leaderboard.json"), ("html", "leaderboard.html")):
        codeeval("leaderboard", "--db", str(db), *chosen, "-f", fmt, "-o", str(out / name))
    for run in runs:
        run_id = run["run_id"]
        codeeval("export", run_id, "--db", str(db), "-o", str(out / "samples" / f"{run_id}.jsonl"))
        codeeval("report", run_id, "--db", str(db), "--out", str(out / "reports" / f"{run_id}.html"))
    _manifests(db, out / "manifests", {r["run_id"] for r in runs})
    return runs


def _manifests(db: Path, folder: Path, published: set[str]) -> None:
    from codeeval.store import Store

    with Store(db, read_only=True) as store:
        for run in store.runs():
            if run["run_id"] in published:
                (folder / f"{run['run_id']}.json").write_text(json.dumps(run["manifest"], indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the run store")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    if not args.db.is_file():
        sys.exit(f"error: no store at {args.db}")
    runs = publish(args.db, args.out)
    print(f"published {len(runs)} runs to {args.out}")


if __name__ == "__main__":
    main()
