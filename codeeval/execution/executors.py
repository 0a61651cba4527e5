"""Where samples run: one small protocol, a local and a Ray implementation behind it.

    executor = make_executor("ray", address="10.0.0.1:6379")
    for job, result in executor.run(jobs, config):   # (ExecJob, ExecResult) as each one finishes
        store(job.key, result)

The caller keeps the store and writes each result as it arrives, so resume and SIGKILL-safety are the
same whichever executor ran the sample. Every implementation yields each job exactly once, in completion
order, and runs it in the same hardened container (codeeval.execution.docker) built from the same image.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from codeeval.errors import CodeevalError
from codeeval.execution.config import SandboxConfig
from codeeval.execution.docker import ExecJob
from codeeval.types import ExecResult

EXECUTORS = ("local", "ray")
Warn = Callable[[str], None]  # one line about the infrastructure (a node skipped, a worker lost)


class Executor(Protocol):
    name: str

    def run(self, jobs: Iterable[ExecJob], config: SandboxConfig) -> Iterator[tuple[ExecJob, ExecResult]]:
        """Each job once, with its result, as results arrive. Closing the iterator stops what still runs."""
        ...


@dataclass
class LocalExecutor:
    """This machine's Docker daemon, `workers` samples at once (default: the CPU count)."""

    workers: int | None = None
    name: str = "local"

    def run(self, jobs: Iterable[ExecJob], config: SandboxConfig) -> Iterator[tuple[ExecJob, ExecResult]]:
        from codeeval.execution import execute_many

        return execute_many(jobs, config, self.workers)


def make_executor(name: str = "local", *, workers: int | None = None, address: str | None = None,
                  warn: Warn | None = None) -> Executor:
    """The executor a command line names. `workers` is the concurrency of the local executor and, for Ray,
    the samples each node runs at once (default: the node's CPUs)."""
    if name == "local":
        if address:
            raise CodeevalError("--address names a Ray cluster: use it with --executor ray")
        return LocalExecutor(workers)
    if name == "ray":
        from codeeval.execution.ray_executor import RayExecutor, require_ray

        require_ray()
        return RayExecutor(address, workers_per_node=workers, warn=warn or _log_warning)
    raise CodeevalError(f"--executor: unknown executor {name!r} (expected {' or '.join(EXECUTORS)})")


def _log_warning(message: str) -> None:
    logging.getLogger("codeeval.execution").warning("%s", message)
