"""Vet service throughput: N static vet requests from C concurrent clients against `codeeval serve`, against
invoking the Bandit and Semgrep command lines once per request at the same concurrency (what a CI step or
an agent hook that shells out to the scanners does). Also times single command-line scans one at a time,
the latency a lone caller of the command lines sees.

    .venv/bin/python benchmarks/perf/bench_vet.py [--requests 200] [--clients 16] [--url URL] [--json]

Targets (issue 6): service >= 10x the requests/s of per-request command lines; service p50 under load no
worse than one per-request command-line scan. Wall-clock figures move with other load on a shared machine
(the load average is printed before and after each phase).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from codeeval.scanners.base import EXTENSIONS
from codeeval.scanners.semgrep import OFFLINE_ENV, rules_dir, semgrep_binary

ROOT = Path(__file__).resolve().parents[2]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_seconds(pid: int | None) -> float:
    """CPU used so far by a process and the children it waited for (the service and its Semgrep runs), or,
    with no pid, by this process's waited children (the per-request command lines)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def drive(n: int, clients: int, one: Callable[[int], None], pid: int | None = None) -> dict:
    """Run `one(i)` for i in 0..n-1 from `clients` threads; latency of each call, the overall rate and the
    CPU seconds spent per request (load-independent, unlike the wall-clock figures)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(n))

    def client() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                one(i)
            except Exception as exc:  # noqa: BLE001 - count it, keep measuring
                with lock:
                    errors.append(f"{i}: {exc}")
                continue
            with lock:
                latencies.append(time.perf_counter() - started)

    load_before = load()
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    cpu = cpu_seconds(pid) - cpu_before
    return {
        "cpu_s_per_request": round(cpu / max(len(latencies), 1), 4),
        "requests": n, "clients": clients, "wall_s": round(wall, 2), "requests_per_s": round(len(latencies) / wall, 2),
        "p50_s": round(percentile(latencies, 0.5), 3) if latencies else None,
        "p95_s": round(percentile(latencies, 0.95), 3) if latencies else None,
        "mean_s": round(statistics.fmean(latencies), 3) if latencies else None,
        "errors": len(errors), "first_errors": errors[:3], "load_before": load_before, "load_after": load(),
    }


# --- the service --------------------------------------------------------------------------------


def start_service() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "codeeval", "serve", "--port", str(port), "--log-level", "warning", "--no-run",
         "--max-concurrency", "64"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("codeeval serve did not start within 60 s")


def service_call(url: str, inputs) -> Callable[[int], None]:
    def one(i: int) -> None:
        item = inputs[i]
        body = json.dumps({"code": item.code, "language": item.language}).encode()
        request = urllib.request.Request(url + "/v1/vet", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=300) as response:
            doc = json.loads(response.read())
        if doc.get("verdict") not in ("allow", "warn", "block"):
            raise RuntimeError(f"no verdict: {doc}")

    return one


# --- the baseline: the command lines once per request ---------------------------------------------


def cli_call(inputs, workdir: Path) -> Callable[[int], None]:
    rules = str(rules_dir())
    semgrep = semgrep_binary()
    env = {**os.environ, **OFFLINE_ENV}

    def one(i: int) -> None:
        item = inputs[i]
        folder = workdir / str(i)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"sample{EXTENSIONS[item.language]}"
        path.write_text(item.code, encoding="utf-8")
        procs = [subprocess.Popen(
            [semgrep, "scan", "--experimental", "--config", rules, "--json", "--quiet", "--metrics", "off",
             "--disable-version-check", "--no-git-ignore", "--disable-nosem", str(path)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=folder,
        )]
        if item.language == "python":  # as codeeval's scan stage does: Bandit for Python, both side by side
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "bandit", "--format", "json", "--quiet", "--ignore-nosec", "--skip", "B101",
                 str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            ))
        for proc in procs:
            out, _ = proc.communicate(timeout=600)
            json.loads(out or b"{}")
            if proc.returncode not in (0, 1):
                raise RuntimeError(f"{proc.args[0]} exited {proc.returncode}")

    return one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--single", type=int, default=8, help="one-at-a-time command-line scans to time")
    parser.add_argument("--url", help="a running codeeval serve (default: start one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    inputs = generate(args.requests, seed=11)
    proc = None
    url = args.url
    if url is None:
        proc, url = start_service()
    try:
        pid = proc.pid if proc is not None else None
        warm = service_call(url, inputs)
        for i in range(3):  # first requests load Bandit's plugins and page in Semgrep
            warm(i)
        service = drive(args.requests, args.clients, warm, pid)
        time.sleep(2.5)  # let the batcher go idle: a lone caller gets the short batching window
        service_single = drive(min(args.single, args.requests), 1, warm, pid)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
    with tempfile.TemporaryDirectory(prefix="bench-vet-") as tmp:
        # One at a time first: the concurrent phase leaves the load average high for a while after it.
        single = drive(min(args.single, args.requests), 1, cli_call(inputs, Path(tmp) / "single"))
        baseline = drive(args.requests, args.clients, cli_call(inputs, Path(tmp) / "concurrent"))

    ratios = {
        "throughput_x": round(service["requests_per_s"] / baseline["requests_per_s"], 2),
        "cpu_per_request_x": round(baseline["cpu_s_per_request"] / service["cpu_s_per_request"], 2)
        if service["cpu_s_per_request"] else None,
        "single_p50_vs_single_cli_p50": round(service_single["p50_s"] / single["p50_s"], 3),
        "p50_vs_concurrent_cli_p50": round(service["p50_s"] / baseline["p50_s"], 3),
        "p50_vs_single_cli_p50": round(service["p50_s"] / single["p50_s"], 3),
    }
    report = {"service": service, "service_single": service_single, "cli_per_request": baseline, "cli_single": single,
              "ratios": ratios,
              "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{args.requests} static vet requests, {args.clients} concurrent clients, {os.cpu_count()} CPUs")
    print(f"{'':<30}{'req/s':>8}{'p50 s':>8}{'p95 s':>8}{'CPU s/req':>10}{'errors':>7}   load before -> after")
    for name, row in (("codeeval serve", service), ("bandit+semgrep CLI per req", baseline),
                      ("  serve, one client", service_single), ("  one CLI scan at a time", single)):
        print(f"{name:<30}{row['requests_per_s']:>8}{row['p50_s']:>8}{row['p95_s']:>8}{row['cpu_s_per_request']:>10}"
              f"{row['errors']:>7}   {row['load_before']} -> {row['load_after']}")
    print(f"throughput: {ratios['throughput_x']}x the per-request command lines (target >= 10x); "
          f"CPU per request: {ratios['cpu_per_request_x']}x less")
    print(f"service p50 / single CLI scan p50: {ratios['p50_vs_single_cli_p50']} (target <= 1); "
          f"/ per-request CLI p50 at the same concurrency: {ratios['p50_vs_concurrent_cli_p50']}; "
          f"one client: serve p50 / CLI p50 {ratios['single_p50_vs_single_cli_p50']}")


if __name__ == "__main__":
    main()
