"""A real Ray cluster on 127.0.0.1 made of `ray start --block` processes, each in its own process group.

Only what this helper started is ever stopped: each node is killed by its own process group (never
`ray stop`, which kills every Ray process on the machine). Every node gets its own ports and the same
temp root, and its workers import the codeeval of this checkout (PYTHONPATH), like a node where codeeval
is installed. Used by the tests and by benchmarks/perf/bench_exec.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAY = str(Path(sys.executable).with_name("ray"))
STARTED = "Ray runtime started"
RETRYABLE = ("timed out during startup", "used by other components", "Address already in use")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


# Worker ports are a fixed block per node, so the block lies below the kernel's ephemeral range: the
# ports `free_port` hands out for the node's other components come from that range and can never fall
# inside a block (Ray refuses to start a node whose components share a port).
WORKER_BLOCK = 40
_BLOCKS_PER_CLUSTER = 8
_LOW = 10000


class LocalRayCluster:
    def __init__(self, temp_dir: str | None = None, env: dict[str, str] | None = None) -> None:
        self.env = env or {}  # for every node (e.g. RAY_worker_niceness: Ray starts its workers at nice 15)
        # Short: Ray's unix socket paths live under it and must stay below the 107-byte limit.
        self._own_temp = temp_dir is None
        self.temp_dir = temp_dir or tempfile.mkdtemp(prefix="cer-", dir="/tmp")
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: dict[str, subprocess.Popen] = {}
        span = WORKER_BLOCK * _BLOCKS_PER_CLUSTER
        self._worker_base = _LOW + (os.getpid() % max(1, (_ephemeral_low() - _LOW) // span)) * span
        self._handed_out: set[int] = {self.port}
        self._spawned = 0

    def start_head(self, num_cpus: int = 1, timeout_s: float = 120.0) -> str:
        self._start("head", ["--head", f"--port={self.port}", f"--dashboard-port={self._port()}",
                             "--include-dashboard=false"], num_cpus, None, timeout_s)
        return self.address

    def add_node(self, name: str, num_cpus: int = 1, env: dict[str, str] | None = None,
                 timeout_s: float = 120.0) -> subprocess.Popen:
        return self._start(name, [f"--address={self.address}"], num_cpus, env, timeout_s)

    def _start(self, name: str, args: list[str], num_cpus: int, env: dict[str, str] | None,
               timeout_s: float, tries: int = 3) -> subprocess.Popen:
        # `ray start` gives a node's raylet a fixed 30 s to register with the GCS; on a loaded machine that is
        # sometimes too short, and the node exits. A port found free may also be taken by another process
        # before the node binds it. Either way the node is started again (new ports), up to `tries` times.
        for attempt in range(1, tries + 1):
            proc = self._spawn(name, args, num_cpus, env)
            deadline = time.monotonic() + timeout_s
            while STARTED not in self.log(name) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.3)
            if STARTED in self.log(name):
                return proc
            tail = self.log(name)[-3000:]
            self.stop_node(name)  # the caller still owns the others (a fixture's teardown closes them)
            if attempt == tries or not any(m in tail for m in RETRYABLE):
                raise RuntimeError(f"ray node {name} did not start (try {attempt}):\n{tail}")
        raise AssertionError("unreachable")

    def _spawn(self, name: str, args: list[str], num_cpus: int, env: dict[str, str] | None) -> subprocess.Popen:
        low = self._worker_base + WORKER_BLOCK * (self._spawned % _BLOCKS_PER_CLUSTER)
        self._spawned += 1
        cmd = [RAY, "start", "--block", "--node-ip-address=127.0.0.1", f"--num-cpus={num_cpus}",
               f"--temp-dir={self.temp_dir}", "--disable-usage-stats", "--include-log-monitor=false",
               f"--node-manager-port={self._port()}", f"--object-manager-port={self._port()}",
               f"--dashboard-agent-listen-port={self._port()}", f"--dashboard-agent-grpc-port={self._port()}",
               f"--runtime-env-agent-port={self._port()}", f"--metrics-export-port={self._port()}",
               f"--min-worker-port={low}", f"--max-worker-port={low + WORKER_BLOCK - 1}",
               "--object-store-memory=200000000", f"--resources={json.dumps({f'codeeval_{name}': 1})}", *args]
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0", **self.env, **(env or {})}
        with open(Path(self.temp_dir) / f"{name}.log", "wb") as log:  # the child keeps its own descriptor
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=full_env, start_new_session=True)
        self.nodes[name] = proc
        return proc

    def _port(self) -> int:
        # One port per component of this cluster: two free_port() calls may return the same free port.
        while (port := free_port()) in self._handed_out:
            pass
        self._handed_out.add(port)
        return port

    def log(self, name: str) -> str:
        return (Path(self.temp_dir) / f"{name}.log").read_text(errors="replace")

    def owns(self, pid: int, name: str) -> bool:
        """Whether `pid` was started by the node `name` this helper started (a descendant of its process)."""
        import psutil

        try:
            return self.nodes[name].pid in {p.pid for p in psutil.Process(pid).parents()}
        except psutil.NoSuchProcess:
            return False

    def stop_node(self, name: str) -> None:
        self._stop([self.nodes.pop(name)])

    def kill_node(self, name: str) -> None:
        """The node dies at once, as a machine that loses power: SIGKILL to every process it started."""
        self._stop([self.nodes.pop(name)], grace_s=0)

    def close(self) -> None:
        # Workers first, the head last; all at once (a node drains up to 30 s on SIGTERM, so it gets 5).
        nodes = [p for n, p in self.nodes.items() if n != "head"] + [p for n, p in self.nodes.items() if n == "head"]
        self.nodes.clear()
        self._stop(nodes)
        if self._own_temp:
            shutil.rmtree(self.temp_dir, ignore_errors=True)

    @staticmethod
    def _stop(procs: list[subprocess.Popen], grace_s: float = 5.0) -> None:
        import psutil

        # Ray workers run in process groups of their own: note every descendant before anything dies.
        descendants = []
        for proc in procs:
            try:
                descendants += psutil.Process(proc.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                pass
            if grace_s:
                _signal_group(proc.pid, signal.SIGTERM)
            else:  # everything at once: no process of the node outlives another to tidy up
                for child in descendants:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        child.kill()
        deadline = time.monotonic() + grace_s
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(proc.pid, signal.SIGKILL)  # whatever of the group is still there
            proc.wait()
        for child in descendants:
            try:
                child.kill()  # psutil checks it is still the same process (its start time), not a reused pid
            except psutil.NoSuchProcess:
                pass


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass
