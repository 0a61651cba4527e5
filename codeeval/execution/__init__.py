"""Run samples in the sandbox: `execute` for one, `execute_many` for a stream of them.

    from codeeval.execution import execute
    result = execute("print('hi')")            # ExecResult: exit code, output, behaviours

Each sample gets a fresh hardened container (codeeval.execution.docker); `execute_many` runs up to
`workers` at once and creates the next containers while others run. It is the `local` implementation of
the Executor protocol (codeeval.execution.executors); the `ray` one spreads samples over a Ray cluster.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from codeeval.errors import CodeevalError
from codeeval.execution.config import SandboxConfig
from codeeval.execution.docker import DockerSandbox, ExecJob, RunOutput, verdict
from codeeval.types import ExecResult

__all__ = ["DockerSandbox", "ExecJob", "RunOutput", "SandboxConfig", "execute", "execute_many", "verdict"]


def execute(
    code: str,
    language: str = "python",
    *,
    config: SandboxConfig | None = None,
    files: dict[str, bytes] | None = None,
    mode: str = "run",
    entry: str | None = None,
) -> ExecResult:
    """Run one sample in a fresh container and return its result (the container is gone afterwards)."""
    job = ExecJob.from_code(code, language, files=files, mode=mode, entry=entry)
    with DockerSandbox(config) as sandbox:
        return sandbox.run(job).result


def execute_many(
    jobs: Iterable[ExecJob],
    config: SandboxConfig | None = None,
    workers: int | None = None,
) -> Iterator[tuple[ExecJob, ExecResult]]:
    """Run many samples, at most `workers` (default: CPU count) at once; yields (job, result) as each
    finishes, in completion order. Up to `workers` more containers are created and started ahead of time
    (each one still runs exactly one sample), and removal happens off the critical path, so a worker slot
    is held only while a sample actually runs.
    Closing the iterator (or an interrupt) kills and removes every container it started."""
    workers = max(1, workers or os.cpu_count() or 1)
    sandbox = DockerSandbox(config, pool_size=4 * workers + 4)
    slots = threading.Semaphore(workers)
    removers = ThreadPoolExecutor(max_workers=max(2, workers), thread_name_prefix="codeeval-remove")
    pool = ThreadPoolExecutor(max_workers=2 * workers, thread_name_prefix="codeeval-run")

    def one(job: ExecJob) -> ExecResult:
        try:
            # Created and started outside the slot: the supervisor's start-up overlaps other samples' runs.
            prepared = sandbox.create(job, start=True)
        except CodeevalError:
            raise
        except Exception as exc:  # noqa: BLE001 - the daemon refused this one container; the batch goes on
            return _failed(f"container create failed: {exc}")
        try:
            with slots:
                return sandbox.execute(prepared).result
        except CodeevalError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken run must not end the batch
            return _failed(f"container run failed: {exc}")
        finally:
            removers.submit(sandbox.dispose, prepared)

    pending: dict[Future[ExecResult], ExecJob] = {}
    source = iter(jobs)
    try:
        exhausted = False
        while True:
            # Keep the pool busy: `workers` running plus `workers` being created ahead.
            while not exhausted and len(pending) < 2 * workers:
                job = next(source, None)
                if job is None:
                    exhausted = True
                    break
                pending[pool.submit(one, job)] = job
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
    finally:
        if pending:  # interrupted or abandoned: stop everything still queued or running
            sandbox.close()
        pool.shutdown(wait=True, cancel_futures=True)
        removers.shutdown(wait=True)
        sandbox.close()


def _failed(message: str) -> ExecResult:
    return ExecResult(
        exit_code=None, signal=None, timed_out=False, oom_killed=False, duration_s=0.0,
        stdout="", stderr="", truncated=False, error=message,
    )
