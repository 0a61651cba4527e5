"""Run samples on a Ray cluster: one agent per node, each in its node's own Docker daemon.

Each node gets one `NodeAgent` actor, pinned to it. The agent first reports whether the node's daemon
answers and which image the tag names there (its content digest); the driver uses only nodes whose digest is
the one it expects, so every sample runs in the same image with the same hardening and supervisor, and it
reports every node it skips with the reason. Nodes that lack the image can be sent it (`docker save` on the
driver, `docker load` on the node, digest checked again afterwards).

The driver keeps at most twice a node's CPU count of samples in flight on it (one running per CPU, one being
created ahead, as the local executor does), and yields each result as it arrives: the caller stores it, so
resume works as with the local executor. When a node's agent dies (the node went away, its worker was
killed), its samples go to the remaining nodes, at most `max_attempts` tries each; a sample that runs out of
tries gets an error result (never a clean one). A sample is yielded once, whatever happened to its tries.

Ray is optional: it is imported only here, and only when a Ray executor runs.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.execution.config import SandboxConfig
from codeeval.execution.docker import ExecJob
from codeeval.types import ExecResult

MAX_ATTEMPTS = 3  # tries per sample across node failures
PROBE_TIMEOUT_S = 120.0  # an agent has to start (a worker process, docker connect) and answer within this
CLOSE_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10.0
DIGEST_ENV = "CODEEVAL_SANDBOX_DIGEST"  # the image digest every node must have (default: the driver's image)
SHIP_ENV = "CODEEVAL_RAY_SHIP_IMAGE"  # "1": send the driver's image to nodes that lack it


def require_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise CodeevalError("--executor ray needs Ray, which is not installed: pip install 'codeeval[ray]'") from None
    return ray


class NodeAgent:
    """Runs samples in this node's Docker daemon (made a Ray actor by the driver; plain class otherwise)."""

    def __init__(self, config: SandboxConfig, slots: int) -> None:
        self.config = config
        self.slots = slots
        self._sandbox: Any = None
        self._running = threading.Semaphore(slots)
        self._removers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="codeeval-remove")
        self._lock = threading.Lock()

    def probe(self) -> dict[str, Any]:
        """Whether this node can run samples: its daemon, the image's digest there, its CPUs."""
        from codeeval import __version__
        from codeeval.execution import image as image_mod

        report: dict[str, Any] = {"host": socket.gethostname(), "pid": os.getpid(), "cpus": os.cpu_count() or 1,
                                  "docker": False, "digest": None, "version": __version__, "error": None}
        try:
            client = image_mod.connect()
        except CodeevalError as exc:
            report["error"] = str(exc)
            return report
        report["docker"] = True
        try:
            report["digest"] = image_mod.check_image(client, self.config.image).get("Id")
        except CodeevalError as exc:
            report["error"] = str(exc)
        return report

    def load_image(self, tarball: bytes, digest: str) -> dict[str, Any]:
        """Load the image tarball the driver shipped (`docker save` of the digest), tag it with the config's
        tag, then probe again: the digest is checked after the load like any other node's."""
        from codeeval.execution import image as image_mod

        client = image_mod.connect()
        client.images.load(tarball)  # reads the daemon's whole reply: a broken tarball raises here
        repository, _, tag = self.config.image.rpartition(":")
        if not repository or "/" in tag:
            repository, tag = self.config.image, "latest"
        client.api.tag(digest, repository, tag)
        return self.probe()

    def start(self, digest: str) -> None:
        """Open the sandbox on the checked image: by digest, so a tag moved since the check cannot be used."""
        from codeeval.execution.docker import DockerSandbox

        with self._lock:
            if self._sandbox is None:
                self._sandbox = DockerSandbox(replace(self.config, image=digest), pool_size=4 * self.slots + 4)

    def run(self, job: ExecJob) -> ExecResult:
        """One sample, as the local executor runs it: created and started ahead, run in one of `slots`."""
        from codeeval.execution import _failed

        sandbox = self._sandbox
        try:
            prepared = sandbox.create(job, start=True)
        except Exception as exc:  # noqa: BLE001 - the daemon refused this one container; the batch goes on
            return _failed(f"container create failed on {socket.gethostname()}: {exc}")
        try:
            with self._running:
                return sandbox.execute(prepared).result
        except Exception as exc:  # noqa: BLE001 - one broken run must not end the batch
            return _failed(f"container run failed on {socket.gethostname()}: {exc}")
        finally:
            self._removers.submit(sandbox.dispose, prepared)

    def close(self) -> None:
        """Kill and remove every container this agent started (also those still running)."""
        if self._sandbox is not None:
            self._sandbox.close()
        self._removers.shutdown(wait=True)


@dataclass
class _Node:
    node_id: str
    name: str  # what warnings call it: host, address and the start of its Ray node id
    cpus: int
    handle: Any = None
    report: dict[str, Any] = field(default_factory=dict)
    slots: int = 1
    in_flight: int = 0
    alive: bool = True
    done: int = 0  # samples whose result came from this node


@dataclass
class RayExecutor:
    """Samples spread over a Ray cluster's nodes; `address` as for `ray.init` (None: start or find a local one)."""

    address: str | None = None
    workers_per_node: int | None = None  # samples each node runs at once; default its CPU count
    max_attempts: int = MAX_ATTEMPTS
    expected_digest: str | None = None  # default: $CODEEVAL_SANDBOX_DIGEST, else the driver's own image
    ship_image: bool | None = None  # default: $CODEEVAL_RAY_SHIP_IMAGE
    warn: Callable[[str], None] = field(default=lambda message: logging.getLogger("codeeval.execution").warning(message))
    name: str = "ray"
    nodes: list[_Node] = field(default_factory=list)  # the nodes of the latest run, for reports and tests
    ready_at: float | None = None  # time.monotonic() when the latest run's agents were ready (benchmarks)

    def run(self, jobs: Iterable[ExecJob], config: SandboxConfig) -> Iterator[tuple[ExecJob, ExecResult]]:
        ray = require_ray()
        owns = not ray.is_initialized()
        if owns:
            _check_reachable(self.address)
            try:
                ray.init(address=self.address, logging_level=logging.WARNING, log_to_driver=False,
                         configure_logging=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise CodeevalError(f"cannot connect to the Ray cluster at {self.address or 'auto'}: {exc}") from None
        try:
            self._start_agents(ray, config)
            yield from self._dispatch(ray, jobs)
        finally:
            self._close_agents(ray)
            if owns:
                ray.shutdown()

    # -- nodes -------------------------------------------------------------------------------------

    def _start_agents(self, ray: Any, config: SandboxConfig) -> None:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        agent_class = ray.remote(NodeAgent)
        self.nodes = nodes = []  # kept as they start, so a failure part-way still closes them
        for info in ray.nodes():
            if not info.get("Alive"):
                continue
            cpus = int((info.get("Resources") or {}).get("CPU", 0))
            name = f"{info.get('NodeManagerHostname', '?')} ({info.get('NodeManagerAddress', '?')}, " \
                   f"node {info['NodeID'][:8]})"
            node = _Node(info["NodeID"], name, cpus)
            if cpus < 1:
                self.warn(f"ray node {name} offers no CPUs: skipped")
                continue
            node.slots = self.workers_per_node or cpus
            node.handle = agent_class.options(
                num_cpus=0, max_concurrency=2 * node.slots + 4, max_restarts=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node_id=node.node_id, soft=False),
            ).remote(config, node.slots)
            nodes.append(node)
        if not nodes:
            raise CodeevalError("the Ray cluster has no live node with CPUs to run samples on")
        reports = self._probe(ray, nodes, [n.handle.probe.remote() for n in nodes])
        expected = self._expected_digest(config, reports)
        if self._shipping():
            reports = self._ship(ray, config, nodes, reports, expected)
        usable = []
        for node, report in zip(nodes, reports):
            node.report = report or {}
            if not node.alive:  # its agent failed to answer: already reported
                continue
            reason = self._unusable(node.report, expected)
            if reason:
                self.warn(f"ray node {node.name}: {reason}: skipped")
                node.alive = False
                continue
            usable.append(node)
        if not usable:
            raise CodeevalError("no Ray node can run samples (see the warnings above): each node needs Docker and "
                                f"the sandbox image {config.image} with digest {expected}")
        self._probe(ray, usable, [n.handle.start.remote(expected) for n in usable], what="open the sandbox")
        self.ready_at = time.monotonic()

    def _probe(self, ray: Any, nodes: list[_Node], refs: list[Any], what: str = "answer") -> list[Any]:
        """Results of one call per node; a node whose agent fails or times out gets None and a warning."""
        out = []
        deadline = time.monotonic() + PROBE_TIMEOUT_S
        for node, ref in zip(nodes, refs):
            try:
                out.append(ray.get(ref, timeout=max(1.0, deadline - time.monotonic())))
            except Exception as exc:  # noqa: BLE001 - any failure means the node is not used
                self.warn(f"ray node {node.name}: its agent did not {what} ({_one_line(exc)}): skipped")
                node.alive = False
                out.append(None)
        return out

    def _expected_digest(self, config: SandboxConfig, reports: list[dict[str, Any] | None]) -> str:
        expected = self.expected_digest or os.environ.get(DIGEST_ENV)
        if expected:
            return expected
        from codeeval.execution import image as image_mod

        try:
            return image_mod.check_image(image_mod.connect(), config.image)["Id"]
        except CodeevalError:
            pass
        # A driver without Docker (a laptop, a Ray client): the digest most nodes have, named in a warning.
        digests = [r["digest"] for r in reports if r and r.get("digest")]
        if not digests:
            raise CodeevalError(f"no Ray node has the sandbox image {config.image}, and the driver cannot tell which "
                                f"digest to require: build it on each node, or set {DIGEST_ENV}")
        chosen = max(sorted(set(digests)), key=digests.count)
        self.warn(f"the driver has no image {config.image}: requiring the digest most nodes have, {chosen} "
                  f"(set {DIGEST_ENV} to pin another)")
        return chosen

    def _shipping(self) -> bool:
        return self.ship_image if self.ship_image is not None else os.environ.get(SHIP_ENV, "") in ("1", "true", "yes")

    def _ship(self, ray: Any, config: SandboxConfig, nodes: list[_Node], reports: list[Any], expected: str) -> list[Any]:
        """Send the driver's image to nodes whose daemon answers but lacks it or has another under the tag."""
        needy = [i for i, r in enumerate(reports) if r and r.get("docker") and r.get("digest") != expected]
        if not needy:
            return reports
        from codeeval.execution import image as image_mod

        try:
            # Saved by digest: exactly the image the nodes must have, whatever the driver's tag names now.
            tarball = ray.put(b"".join(image_mod.connect().api.get_image(expected)))
        except Exception as exc:  # noqa: BLE001 - nothing to ship; those nodes are skipped below with their reason
            self.warn(f"cannot ship the sandbox image {expected} from the driver ({_one_line(exc)})")
            return reports
        loaded = self._probe(ray, [nodes[i] for i in needy],
                             [nodes[i].handle.load_image.remote(tarball, expected) for i in needy],
                             what="load the shipped image")
        reports = list(reports)
        for i, report in zip(needy, loaded):
            reports[i] = report
        return reports

    @staticmethod
    def _unusable(report: dict[str, Any], expected: str) -> str | None:
        from codeeval import __version__

        if not report.get("docker"):
            return f"no Docker ({report.get('error')})"
        if report.get("digest") is None:
            return f"no sandbox image ({report.get('error')})"
        if report["digest"] != expected:
            return f"sandbox image digest {report['digest']} is not the expected {expected}"
        if report.get("version") != __version__:
            # Host-side hardening lives in codeeval itself: another version could sandbox differently.
            return f"codeeval {report.get('version')} there, {__version__} on the driver"
        return None

    def _close_agents(self, ray: Any) -> None:
        live = [n for n in self.nodes if n.handle is not None and n.alive]
        refs = [n.handle.close.remote() for n in live]
        if refs:
            ray.wait(refs, num_returns=len(refs), timeout=CLOSE_TIMEOUT_S)
        for node in self.nodes:
            if node.handle is not None:
                try:
                    ray.kill(node.handle)
                except Exception:  # noqa: BLE001, S110 - an agent already gone needs no killing
                    pass

    # -- samples -----------------------------------------------------------------------------------

    def _dispatch(self, ray: Any, jobs: Iterable[ExecJob]) -> Iterator[tuple[ExecJob, ExecResult]]:
        from codeeval.execution import _failed

        lost_errors = _lost_errors(ray)
        source = enumerate(jobs)
        retry: deque[tuple[int, ExecJob]] = deque()
        attempts: dict[int, int] = {}
        pending: dict[Any, tuple[int, ExecJob, _Node]] = {}
        exhausted = False
        while True:
            # Fill each live node up to twice its slots, least loaded first.
            while True:
                live = [n for n in self.nodes if n.alive and n.in_flight < 2 * n.slots]
                if not live or (exhausted and not retry):
                    break
                item = retry.popleft() if retry else next(source, None)
                if item is None:
                    exhausted = True
                    break
                node = min(live, key=lambda n: n.in_flight / n.slots)
                pending[node.handle.run.remote(item[1])] = (*item, node)
                node.in_flight += 1
            if not pending:
                if retry or not exhausted:
                    left = len(retry) + (0 if exhausted else sum(1 for _ in source))
                    raise CodeevalError(f"every Ray node was lost with {left} samples still to run; results so far "
                                        "are stored: rerun to finish them")
                return
            refs = list(pending)
            ready, rest = ray.wait(refs, num_returns=1)
            if rest:  # everything else already finished too: one pass of the loop per batch, not per result
                ready += ray.wait(rest, num_returns=len(rest), timeout=0)[0]
            for ref in ready:
                index, job, node = pending.pop(ref)
                node.in_flight -= 1
                try:
                    result = ray.get(ref)
                except lost_errors as exc:
                    if node.alive:
                        node.alive = False
                        self.warn(f"ray node {node.name}: lost its agent ({_one_line(exc)}); its samples go to "
                                  "the other nodes")
                    attempts[index] = attempts.get(index, 1) + 1
                    if attempts[index] > self.max_attempts:
                        yield job, _failed(f"sample lost: its Ray node failed {self.max_attempts} times "
                                           f"(last: {node.name}: {_one_line(exc)})")
                    else:
                        retry.append((index, job))
                    continue
                except ray.exceptions.RayTaskError as exc:  # the agent itself raised: a bug, reported per sample
                    result = _failed(f"ray agent on {node.name} failed: {_one_line(exc)}")
                node.done += 1
                yield job, result


def _check_reachable(address: str | None) -> None:
    """Fail in seconds when nothing listens at the address (ray.init would retry for minutes)."""
    if not address or address == "auto" or address.startswith("local"):
        return
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        raise CodeevalError(f"--address {address!r}: expected host:port (the head's GCS port, often 6379) or "
                            "ray://host:port (Ray Client, often 10001)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise CodeevalError(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}") from None


def _lost_errors(ray: Any) -> tuple[type[BaseException], ...]:
    """What Ray raises when the process or node holding a call went away (not when the call itself failed)."""
    ex = ray.exceptions
    names = ("RayActorError", "ActorDiedError", "ActorUnavailableError", "WorkerCrashedError", "NodeDiedError",
             "ObjectLostError", "OwnerDiedError", "LocalRayletDiedError")
    return tuple(getattr(ex, n) for n in names if hasattr(ex, n))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "...") if len(text) > 200 else text or type(exc).__name__
