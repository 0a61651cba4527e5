"""The pipeline's own overhead: 500 stored completions through replay, extract, scan and score
(and the sandbox for a subset), timed per stage.

Prints samples/s per stage and the share of wall time spent outside the tools themselves (Bandit
and Semgrep processes, and sandbox containers), measured in the same process. Target: codeeval's
own overhead under 10% of wall time.

    python benchmarks/perf/bench_pipeline.py [--samples 500] [--exec 20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402

TOOL_SPANS: list[tuple[float, float]] = []
_real_run = subprocess.run


def _timed_run(cmd, *args, **kwargs):
    """Time the analysis tools' processes (Bandit, Semgrep), so the rest of the wall time is codeeval's
    own; other processes (git for the manifest) count as codeeval's."""
    start = time.perf_counter()
    try:
        return _real_run(cmd, *args, **kwargs)
    finally:
        if any(tool in " ".join(map(str, cmd)) for tool in ("bandit", "semgrep")):
            TOOL_SPANS.append((start, time.perf_counter()))


def _covered(spans: list[tuple[float, float]]) -> float:
    """Wall time covered by at least one tool process (Bandit and Semgrep run side by side)."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(spans):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--exec", type=int, default=0, help="also run this many samples in the sandbox (needs Docker)")
    args = parser.parse_args()

    subprocess.run = _timed_run  # the scanners call subprocess.run; count their time as tool time
    from codeeval.pipeline import Pipeline, RunOptions
    from codeeval.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        suite = root / "suites" / "bench"
        suite.mkdir(parents=True)
        corpus = generate(args.samples, seed=11)
        executes = args.exec > 0
        (suite / "suite.yaml").write_text(f"name: bench\nversion: 1\nexecutes: {str(executes).lower()}\n")
        with (suite / "tasks.jsonl").open("w") as tasks, (root / "replay.jsonl").open("w") as replay:
            for i, item in enumerate(corpus):
                tasks.write(json.dumps({"id": f"t{i:04d}", "prompt": "Write the code.", "language": item.language,
                                        "kind": "insecure_code", "cwe": ["CWE-78"]}) + "\n")
                fence = {"python": "python", "bash": "bash", "javascript": "javascript"}[item.language]
                replay.write(json.dumps({"task_id": f"t{i:04d}", "sample": 0,
                                         "completion": f"Here you go:\n```{fence}\n{item.code}```\n"}) + "\n")
        os.environ.update({"CODEEVAL_SUITES": str(root / "suites"), "CODEEVAL_CACHE_DIR": str(root / "cache"),
                           "CODEEVAL_PYPI_URL": "http://127.0.0.1:9/pypi"})

        stage_seconds: dict[str, float] = defaultdict(float)
        stage_counts: dict[str, int] = {}
        last = {"stage": None, "t": time.perf_counter()}

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if last["stage"] is not None:
                stage_seconds[last["stage"]] += now - last["t"]
            last.update(stage=stage, t=now)
            stage_counts[stage] = max(stage_counts.get(stage, 0), total)

        store = Store(root / "bench.db")
        from codeeval.scanners import tool_versions

        tool_versions()  # engine versions are looked up once per process; not part of a run's cost
        TOOL_SPANS.clear()
        start = time.perf_counter()
        Pipeline(store, progress=progress).run(
            RunOptions(model=f"replay:{root / 'replay.jsonl'}", suite="bench", execute=executes, limit=None,
                       workers=os.cpu_count(), check_packages=True)
        )
        wall = time.perf_counter() - start
        progress("end", 0, 0)

    tools = _covered(TOOL_SPANS)
    print(f"cpus: {os.cpu_count()}  samples: {args.samples}  wall: {wall:.2f} s")
    for stage in ("generate", "extract", "scan", "execute", "score"):
        if stage in stage_seconds:
            n = args.samples if stage == "score" else (stage_counts.get(stage) or args.samples)
            seconds = stage_seconds[stage]
            print(f"  {stage:<9} {seconds:7.2f} s  {n / seconds if seconds else float('inf'):9.1f} samples/s")
    print(f"time in tools (Bandit, Semgrep{', sandbox' if args.exec else ''}): {tools:.2f} s")
    print(f"codeeval's own share of wall time: {100 * (wall - tools) / wall:.1f}%   target: < 10%")


if __name__ == "__main__":
    main()
