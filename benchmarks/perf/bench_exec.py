"""Sandbox throughput: N trivial samples through `execute_many` (hardened, traced) against a plain loop of
`docker run --rm` of the same image and sample at the same concurrency (the baseline the issue measured
at ~7 samples/s). Also runs the executor without tracing, to give the per-sample cost of tracing.

    .venv/bin/python benchmarks/perf/bench_exec.py [--samples 100] [--workers N] [--json]

Target (issue 3): traced executor >= 0.8 x the plain loop.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from codeeval.execution import ExecJob, SandboxConfig, execute_many

CODE = "print(sum(range(10)))\n"


def bench_executor(n: int, workers: int, trace: bool, image: str) -> dict:
    config = SandboxConfig(image=image, trace=trace, timeout_s=10.0)
    jobs = [ExecJob.from_code(CODE, key=str(i)) for i in range(n)]
    started = time.perf_counter()
    results = [r for _, r in execute_many(jobs, config, workers=workers)]
    wall = time.perf_counter() - started
    bad = [r for r in results if r.exit_code != 0 or r.stdout != "45\n"]
    return {
        "samples": n,
        "wall_s": round(wall, 3),
        "samples_per_s": round(n / wall, 3),
        "failed": len(bad),
        "mean_in_container_s": round(statistics.mean(r.duration_s for r in results), 4),
    }


def bench_plain(n: int, workers: int, image: str) -> dict:
    cmd = ["docker", "run", "--rm", "--network", "none", image, "python3", "-c", CODE]

    def one(_: int) -> bool:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return out.returncode == 0 and out.stdout == "45\n"

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        ok = list(pool.map(one, range(n)))
    wall = time.perf_counter() - started
    return {"samples": n, "wall_s": round(wall, 3), "samples_per_s": round(n / wall, 3), "failed": ok.count(False)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--image", default=SandboxConfig().image)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    args = parser.parse_args()

    # Warm both paths (image layers in the page cache, the daemon's first-container costs).
    bench_plain(args.workers, args.workers, args.image)
    bench_executor(args.workers, args.workers, True, args.image)

    plain = bench_plain(args.samples, args.workers, args.image)
    traced = bench_executor(args.samples, args.workers, True, args.image)
    untraced = bench_executor(args.samples, args.workers, False, args.image)
    report = {
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "plain_docker_run": plain,
        "executor_traced": traced,
        "executor_untraced": untraced,
        "ratio_traced_vs_plain": round(traced["samples_per_s"] / plain["samples_per_s"], 3),
        "ratio_untraced_vs_plain": round(untraced["samples_per_s"] / plain["samples_per_s"], 3),
        # Wall-clock cost of tracing per sample at this concurrency, and inside the container.
        "tracing_overhead_per_sample_s": round(
            (traced["wall_s"] - untraced["wall_s"]) / args.samples * args.workers, 4
        ),
        "tracing_overhead_in_container_s": round(
            traced["mean_in_container_s"] - untraced["mean_in_container_s"], 4
        ),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{args.samples} samples, {args.workers} workers, {os.cpu_count()} CPUs")
        print(f"plain docker run --rm : {plain['samples_per_s']:7.2f} samples/s  ({plain['wall_s']} s)")
        print(f"executor, traced      : {traced['samples_per_s']:7.2f} samples/s  ({traced['wall_s']} s)")
        print(f"executor, no trace    : {untraced['samples_per_s']:7.2f} samples/s  ({untraced['wall_s']} s)")
        print(f"ratio traced / plain  : {report['ratio_traced_vs_plain']:.2f}  (target >= 0.8)")
        print(f"ratio untraced / plain: {report['ratio_untraced_vs_plain']:.2f}")
        print(f"tracing overhead      : {report['tracing_overhead_per_sample_s'] * 1000:.0f} ms/sample wall, "
              f"{report['tracing_overhead_in_container_s'] * 1000:.0f} ms/sample in the container")
    failed = plain["failed"] + traced["failed"] + untraced["failed"]
    if failed:
        print(f"{failed} samples failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
