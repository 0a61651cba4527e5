"""Batched scanning against one Bandit and one Semgrep process per file, and speed on real files.

Generated samples: prints samples/s for both and the ratio. The per-file baseline is measured on a
subset (it is slow by design) and reported per sample, so the comparison is like for like.
Targets (2 cores): batched >= 20x per-file, and >= 60 samples/s with both engines.

Real code (`--real`): the pinned benign corpus of benchmarks/quality/benign_kloc.py (about 160 KLOC
of standard library, requests, click, werkzeug, urllib3), scanned by codeeval and by Bandit alone on
the same files in the same process, in turns, `--repeat` times; prints the median KLOC/s for both (the
best beside it), the ratio, and the load average (the figures mean little on a machine others are
loading). Target: codeeval >= 5 KLOC/s on 2 cores.

    python benchmarks/perf/bench_scan.py [--samples 300] [--baseline 12]
    python benchmarks/perf/bench_scan.py --real [--half all|tuning|heldout] [--findings out.json] [--repeat 3]

`--findings` writes what codeeval found in the form benchmarks/perf/same_findings.py compares, so a
speed change can be checked for identical results from the same run that timed it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402

from codeeval.scanners import ScanInput, scan  # noqa: E402
from codeeval.scanners.base import EXTENSIONS  # noqa: E402
from codeeval.scanners.semgrep import OFFLINE_ENV, rules_dir, semgrep_binary  # noqa: E402


def per_file(samples: list[ScanInput], *, experimental: bool = False) -> float:
    """The naive way: each sample written out and handed to its own Bandit and Semgrep process
    (Semgrep's default front end, or with --experimental the fast one codeeval itself uses)."""
    env = {**os.environ, **OFFLINE_ENV}
    rules = str(rules_dir())
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, sample in enumerate(samples):
            path = Path(tmp) / f"s{i}{EXTENSIONS[sample.language]}"
            path.write_text(sample.code)
            if sample.language == "python":
                subprocess.run([sys.executable, "-m", "bandit", "-q", "-f", "json", str(path)], capture_output=True, check=False)
            subprocess.run(
                [semgrep_binary(), "scan", *(["--experimental"] if experimental else []), "--config", rules, "--json",
                 "--quiet", "--metrics", "off", str(path)],
                capture_output=True, check=False, env=env,
            )
    return time.perf_counter() - start


def bandit_alone(files: list[tuple[str, str]]) -> float:
    """Seconds for one plain Bandit process over the files (what a user runs without codeeval)."""
    with tempfile.TemporaryDirectory() as tmp:
        for i, (_, text) in enumerate(files):
            (Path(tmp) / f"f{i}.py").write_text(text, encoding="utf-8", errors="surrogateescape")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", "-f", "json", "-o", str(Path(tmp) / "out.json"), tmp],
                       capture_output=True, check=False)
        return time.perf_counter() - start


def _cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system + t.user + t.system


def real_code(half: str, findings_out: Path | None = None, repeat: int = 3) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "quality"))
    from benign_kloc import kloc, load_manifest, read_corpus

    from codeeval.scanners import ScanConfig, scan

    corpus = [(f.name, text) for f, text in read_corpus(load_manifest()) if half == "all" or f.half == half]
    size = sum(kloc(text) for _, text in corpus)
    load_before = os.getloadavg()
    items = [ScanInput(f"benign:{name}", text, "python") for name, text in corpus]
    # In turns, so a slow spell of a shared machine weighs on both; the median is reported, the best beside it.
    runs: list[tuple[float, float, float, float]] = []  # codeeval s, codeeval CPU s, bandit s, bandit CPU s
    results = []
    for _ in range(repeat):
        cpu, start = _cpu(), time.perf_counter()
        results = scan(items, ScanConfig(timeout_s=3600))
        codeeval = (time.perf_counter() - start, _cpu() - cpu)
        cpu = _cpu()
        bandit_s = bandit_alone(corpus)
        runs.append((*codeeval, bandit_s, _cpu() - cpu))
    load_after = os.getloadavg()
    if findings_out:
        from same_findings import as_records

        findings_out.write_text(json.dumps({"seconds": statistics.median(r[0] for r in runs),
                                            "records": as_records(items, results)}, indent=1, sort_keys=True),
                                encoding="utf-8")
    codeeval_s, codeeval_cpu, bandit_s, bandit_cpu = (statistics.median(r[i] for r in runs) for i in range(4))
    print(f"cpus: {os.cpu_count()}  load average before/after: {load_before[0]:.1f}/{load_after[0]:.1f}  "
          f"files: {len(corpus)} ({half})  KLOC: {size:.1f}  findings: {sum(len(r.findings) for r in results)}  "
          f"runs: {repeat} (median; best in brackets)")
    print(f"codeeval:     {size / codeeval_s:6.2f} KLOC/s  ({codeeval_s:.1f} s, {codeeval_cpu:.1f} s of CPU)  "
          f"[{size / min(r[0] for r in runs):.2f} KLOC/s]")
    print(f"bandit alone: {size / bandit_s:6.2f} KLOC/s  ({bandit_s:.1f} s, {bandit_cpu:.1f} s of CPU)  "
          f"[{size / min(r[2] for r in runs):.2f} KLOC/s]")
    print(f"ratio (codeeval / bandit alone): {bandit_s / codeeval_s:.2f} in time, {bandit_cpu / codeeval_cpu:.2f} in CPU   "
          "target: codeeval >= 5 KLOC/s on 2 cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=12, help="samples scanned the per-file way")
    parser.add_argument("--real", action="store_true", help="the real-code case: KLOC/s on the pinned benign corpus")
    parser.add_argument("--half", choices=("all", "tuning", "heldout"), default="all")
    parser.add_argument("--findings", type=Path, help="with --real: also write the findings (benchmarks/perf/same_findings.py form)")
    parser.add_argument("--repeat", type=int, default=3, help="with --real: timed runs of each (median reported)")
    args = parser.parse_args()
    if args.real:
        real_code(args.half, args.findings, max(1, args.repeat))
        return
    samples = generate(args.samples)

    scan(samples[:5])  # warm the file cache and Python imports, as a long-running user would have
    start = time.perf_counter()
    results = scan(samples)
    batched_s = time.perf_counter() - start
    repaired = sum(1 for r in results if r.repair)
    flagged = sum(1 for r in results if r.findings)

    subset = samples[: args.baseline]
    naive_s = per_file(subset)
    naive_fast_s = per_file(subset, experimental=True)

    batched_rate = len(samples) / batched_s
    naive_rate = len(subset) / naive_s
    naive_fast_rate = len(subset) / naive_fast_s
    print(f"cpus: {os.cpu_count()}  samples: {len(samples)} ({repaired} repaired fragments, {flagged} with findings)")
    print(f"batched:  {batched_rate:8.1f} samples/s  ({batched_s:.2f} s for {len(samples)})")
    print(f"per-file: {naive_rate:8.2f} samples/s  ({naive_s:.2f} s for {len(subset)}; semgrep's default front end)")
    print(f"per-file: {naive_fast_rate:8.2f} samples/s  ({naive_fast_s:.2f} s for {len(subset)}; with --experimental, as codeeval)")
    print(f"ratio (batched / per-file): {batched_rate / naive_rate:.1f}x, and {batched_rate / naive_fast_rate:.1f}x against "
          "the fast front end per file   targets: >= 20x and >= 60 samples/s")


if __name__ == "__main__":
    main()
