"""The run pipeline: generate -> extract -> scan -> execute -> score, every stage stored as it finishes.

A run is identified by what determines its results (model, resolved weights, suite content, generation
config, sample count, task limit), so running the same command again finds the same run and does only
what is missing: kill it at any point, SIGKILL included, and the rerun finishes it without duplicates.
`rescore` redoes the scan, behaviour and score stages from stored completions and events with the
current rules and classifier.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from codeeval import __version__
from codeeval.errors import CodeevalError
from codeeval.extract import extract, extract_continuation
from codeeval.models import GenerationConfig, GenerationRequest, load_generator
from codeeval.models.runner import generate_stored
from codeeval.scoring.scores import INSECURE_MIN_CONFIDENCE, RunData, compute_scores
from codeeval.store import Store
from codeeval.suites import Suite, load_suite
from codeeval.types import (
    CodeSample,
    Completion,
    Confidence,
    ExecResult,
    ScanResult,
    Score,
    Severity,
    Task,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
EXECUTABLE = ("python", "bash")
_CHUNK = 200  # extracted samples per store transaction
_SCAN_BATCH = 1000  # samples per scan call: progress and storage every batch, bounded memory


@dataclass(frozen=True)
class RunOptions:
    model: str
    suite: str
    samples: int | None = None  # per task; default from the suite
    limit: int | None = None  # first K tasks of the suite
    workers: int | None = None  # sandbox concurrency; default the CPU count
    execute: bool = True  # run code in the sandbox for suites that execute
    temperature: float | None = None
    max_new_tokens: int | None = None
    seed: int = 0
    threshold: Severity = Severity.MEDIUM  # findings at or above this make a sample insecure
    min_confidence: Confidence = INSECURE_MIN_CONFIDENCE  # ... when at least this sure
    check_packages: bool = True
    model_options: dict[str, Any] = field(default_factory=dict)


def default_db() -> Path:
    return Path(os.environ.get("CODEEVAL_DB") or "codeeval.db")


def generation_config(suite: Suite, options: RunOptions) -> GenerationConfig:
    return GenerationConfig(
        max_new_tokens=options.max_new_tokens or suite.sampling.max_new_tokens,
        temperature=suite.sampling.temperature if options.temperature is None else options.temperature,
        top_p=suite.sampling.top_p,
        n=options.samples or suite.sampling.samples,
        seed=options.seed,
    )


def run_id_for(model: str, identity: str, suite: Suite, config: GenerationConfig, limit: int | None) -> str:
    key = json.dumps(
        {"model": model, "identity": identity, "suite": suite.name, "suite_hash": suite.hash,
         "config": config.hash(), "n": config.n, "limit": limit},
        sort_keys=True,
    )
    return "run-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def request_for(task: Task, config: GenerationConfig) -> GenerationRequest:
    # Autocomplete continues the code itself (completion mode); everything else is an instruction.
    if task.kind == "autocomplete":
        return GenerationRequest(task.id, task.prompt, config)
    return GenerationRequest(task.id, [{"role": "user", "content": task.prompt}], config)


def sample_for(task: Task, completion: Completion) -> tuple[CodeSample, int]:
    """The code to analyse and the first line the model wrote (autocomplete keeps the prefix in front
    so the code parses as the model saw it, but only its own lines count)."""
    if task.kind != "autocomplete":
        return extract(completion.text, task.language, task_id=task.id, sample=completion.sample), 1
    # The continuation as written up to a stray fence or an explanation (it may finish the prefix's last line).
    sample = extract_continuation(completion.text, task.language, task_id=task.id, sample=completion.sample)
    code = task.prompt + sample.code
    first = task.prompt.count("\n") + 1
    return replace(sample, code=code, language=task.language), first


class Pipeline:
    """One run against one store. Stages are methods so `rescore` can call a subset."""

    def __init__(self, store: Store, progress: Progress | None = None, executor: Any = None):
        self.store = store
        self.progress = progress or (lambda stage, done, total: None)
        # Where samples run (codeeval.execution.executors); None: this machine's Docker, `workers` at once.
        self.executor = executor

    # -- the whole run -----------------------------------------------------------------------------

    def run(self, options: RunOptions, *, resume: str | None = None) -> str:
        if resume:
            options = self._options_of(resume)
        suite = load_suite(options.suite)
        tasks = list(suite.tasks[: options.limit] if options.limit else suite.tasks)
        config = generation_config(suite, options)
        generator = load_generator(options.model, **options.model_options)
        try:
            identity = generator.identity
            run_id = run_id_for(options.model, identity, suite, config, options.limit)
            if resume and resume != run_id:
                raise CodeevalError(f"run {resume} no longer matches its suite or model ({run_id} now): start a new run")
            self.store.put_run(
                run_id, model=options.model, identity=identity, config_hash=config.hash(), suite=suite.name,
                suite_version=suite.version, suite_hash=suite.hash,
                manifest=self._manifest(options, suite, config, identity), task_ids=[t.id for t in tasks],
            )
            with self._status(run_id):
                completions = self.generate(run_id, generator, tasks, config)
        finally:
            generator.close()
        with self._status(run_id):
            self.extract(run_id, tasks, completions)
            self.scan(run_id, tasks)
            if suite.executes and options.execute:
                self.execute(run_id, tasks, options.workers)
            self.score(run_id, options)
        self.store.set_run_status(run_id, "done")
        return run_id

    @contextmanager
    def _status(self, run_id: str) -> Iterator[None]:
        """Every way out of a run leaves its status true: interrupted (Ctrl-C, SIGTERM) or failed."""
        try:
            yield
        except KeyboardInterrupt:
            self._set_status_quietly(run_id, "interrupted")
            raise
        except BaseException:
            self._set_status_quietly(run_id, "failed")
            raise

    def _set_status_quietly(self, run_id: str, status: str) -> None:
        # The store may be what failed; the original error is the one to report.
        with suppress(Exception):
            self.store.set_run_status(run_id, status)

    def rescore(self, run_id: str) -> None:
        """Scans and scores again from stored completions, with the rules and code of today."""
        options = self._options_of(run_id)
        suite = load_suite(options.suite)
        tasks = list(suite.tasks[: options.limit] if options.limit else suite.tasks)
        ended = (self.store.get_run(run_id) or {}).get("finished_at")
        self.store.set_run_status(run_id, "running")
        with self._status(run_id):
            self.store.clear_stage("scans", run_id)
            self.extract(run_id, tasks, self._completions(run_id), redo=True)
            self.scan(run_id, tasks)
            self.reclassify(run_id)
            self.score(run_id, options)
        self.store.set_run_status(run_id, "done", finished_at=ended)

    def reclassify(self, run_id: str) -> None:
        """Behaviours of stored executions again, from their events, with today's classifier."""
        stored = self.store.stage("executions", run_id)
        self.progress("behaviours", 0, len(stored))
        if not stored:
            return
        from codeeval.execution.docker import reclassify

        rows = [(k[0], k[1], reclassify(ExecResult.from_dict(v)).to_dict()) for k, v in sorted(stored.items())]
        self.store.put_stages("executions", run_id, rows)
        self.progress("behaviours", len(rows), len(rows))

    # -- stages ------------------------------------------------------------------------------------

    def generate(self, run_id: str, generator: Any, tasks: list[Task], config: GenerationConfig) -> list[Completion]:
        requests = [request_for(task, config) for task in tasks]
        total = len(requests) * config.n
        done = 0

        def tick(_: Completion, __: bool) -> None:
            nonlocal done
            done += 1
            self.progress("generate", done, total)

        self.progress("generate", 0, total)
        return generate_stored(generator, requests, self.store, on_completion=tick)

    def extract(self, run_id: str, tasks: list[Task], completions: list[Completion], *, redo: bool = False) -> None:
        by_id = {t.id: t for t in tasks}
        stored = {} if redo else self.store.stage("samples", run_id)
        todo = [c for c in completions if (c.task_id, c.sample) not in stored and c.task_id in by_id]
        self.progress("extract", 0, len(todo))
        # Extraction is pure and fast: store in chunks, one transaction each.
        for start in range(0, len(todo), _CHUNK):
            rows = []
            for completion in todo[start : start + _CHUNK]:
                sample, first = sample_for(by_id[completion.task_id], completion)
                record = sample.to_dict()
                record.pop("raw")  # the completion keeps the raw text; no second copy
                record["first_generated_line"] = first
                rows.append((completion.task_id, completion.sample, record))
            self.store.put_stages("samples", run_id, rows)
            self.progress("extract", min(start + _CHUNK, len(todo)), len(todo))

    def scan(self, run_id: str, tasks: list[Task]) -> None:
        from codeeval.scanners import ScanInput, analyse, tool_versions

        rules = tool_versions()["rules"]
        samples = self.store.stage("samples", run_id)
        done = self.store.stage("scans", run_id)
        todo = [(key, rec) for key, rec in sorted(samples.items()) if key not in done and rec["code"].strip()]
        self.progress("scan", 0, len(todo))
        if not todo:
            return
        # One scan batch finishes all at once; it is stored in one transaction per chunk of samples.
        for start in range(0, len(todo), _SCAN_BATCH):
            chunk = todo[start : start + _SCAN_BATCH]
            results = analyse([ScanInput(f"{k[0]}#{k[1]}", rec["code"], rec["language"]) for k, rec in chunk])
            rows = [(key[0], key[1], result.to_dict()) for (key, _), result in zip(chunk, results)]
            self.store.put_stages("scans", run_id, rows, rules_hash=rules)
            self.progress("scan", start + len(chunk), len(todo))

    def execute(self, run_id: str, tasks: list[Task], workers: int | None) -> None:
        from codeeval.execution import ExecJob, SandboxConfig
        from codeeval.execution.executors import LocalExecutor

        by_id = {t.id: t for t in tasks}
        samples = self.store.stage("samples", run_id)
        done = self.store.stage("executions", run_id)
        jobs = []
        for key, rec in sorted(samples.items()):
            task = by_id.get(key[0])
            if key in done or task is None or not rec["code"].strip() or rec["language"] not in EXECUTABLE:
                continue
            jobs.append(_job(ExecJob, task, rec, key))
        self.progress("execute", 0, len(jobs))
        if not jobs:
            return
        functional_only = all(by_id[j.key.split("#")[0]].kind == "functional" for j in jobs)
        config = SandboxConfig.from_env(trace=not functional_only)
        executor = self.executor or LocalExecutor(workers)
        # Each result is stored as it arrives, whichever executor ran it: resume sees exactly what finished.
        with closing(executor.run(jobs, config)) as results:
            for i, (job, result) in enumerate(results, 1):
                task_id, sample = job.key.rsplit("#", 1)
                self.store.put_stage("executions", run_id, task_id, int(sample), result.to_dict())
                self.progress("execute", i, len(jobs))

    def score(self, run_id: str, options: RunOptions) -> list[Score]:
        from codeeval.scoring.packages import PackageIndex

        self.progress("score", 0, 1)
        data = self.data(run_id)
        packages = PackageIndex() if options.check_packages else None
        scores = compute_scores(data, threshold=options.threshold, packages=packages, min_confidence=options.min_confidence)
        self.store.put_scores(run_id, [s.to_dict() for s in scores])
        self.progress("score", 1, 1)
        return scores

    # -- reading a run back ------------------------------------------------------------------------

    def data(self, run_id: str) -> RunData:
        options = self._options_of(run_id)
        suite = load_suite(options.suite)
        tasks = {t.id: t for t in suite.tasks}
        samples = self.store.stage("samples", run_id)
        return RunData(
            tasks=tasks,
            completions={(c.task_id, c.sample): c for c in self._completions(run_id)},
            samples={k: CodeSample.from_dict({**v, "raw": ""}) for k, v in samples.items()},
            scans={k: ScanResult.from_dict(v) for k, v in self.store.stage("scans", run_id).items()},
            executions={k: ExecResult.from_dict(v) for k, v in self.store.stage("executions", run_id).items()},
            generated_from={k: v.get("first_generated_line", 1) for k, v in samples.items()},
        )

    def _completions(self, run_id: str) -> list[Completion]:
        run = self.get_run(run_id)
        limit = run["manifest"]["options"].get("limit")
        suite = load_suite(run["manifest"]["options"]["suite"])  # as given: a name or a folder
        ids = [t.id for t in (suite.tasks[:limit] if limit else suite.tasks)]
        n = run["manifest"]["generation"]["n"]
        found = self.store.completions_for(run["model"], run["identity"], run["config_hash"], ids)
        return [c for c in found if c.sample < n]

    def get_run(self, run_id: str) -> dict[str, Any]:
        run = self.store.get_run(run_id)
        if run is None:
            raise CodeevalError(f"no run {run_id!r} in {self.store.path} (see `codeeval runs`)")
        return run

    def _options_of(self, run_id: str) -> RunOptions:
        stored = dict(self.get_run(run_id)["manifest"]["options"])
        stored["threshold"] = Severity.parse(stored.get("threshold", "medium"))
        stored["min_confidence"] = Confidence.parse(stored.get("min_confidence", INSECURE_MIN_CONFIDENCE))
        return RunOptions(**stored)

    def _manifest(self, options: RunOptions, suite: Suite, config: GenerationConfig, identity: str) -> dict[str, Any]:
        from codeeval.scanners import tool_versions

        opts = {k: v for k, v in options.__dict__.items()}
        opts["threshold"] = options.threshold.label
        opts["min_confidence"] = options.min_confidence.label
        return {
            "options": opts,
            "model": {"spec": options.model, "identity": identity},
            "generation": {**config.as_dict(), "n": config.n, "hash": config.hash()},
            "suite": {"name": suite.name, "version": suite.version, "hash": suite.hash, "tasks": len(suite.tasks)},
            "tools": {**tool_versions(), **(_sandbox_identity() if suite.executes and options.execute else {"sandbox_image": None})},
            "codeeval": {"version": __version__, "git": _git_revision()},
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }


def _job(exec_job: Any, task: Task, rec: dict[str, Any], key: tuple[str, int]) -> Any:
    name = f"{key[0]}#{key[1]}"
    if task.kind == "functional" and task.tests:
        files = {"solution.py": rec["code"].encode(), "test_solution.py": task.tests.encode()}
        return exec_job(files=files, entry="test_solution.py", language="python", mode="pytest", key=name)
    return exec_job.from_code(rec["code"], rec["language"], key=name)


def _sandbox_identity() -> dict[str, Any]:
    """The image a run executes in: its digest and the runtime profile installed in it (plus any packages a
    user added), so results say which imports the samples could find."""
    try:
        from codeeval.execution.image import status

        report = status()
    except Exception:  # noqa: BLE001 - the manifest records what it can; execution reports real errors
        report = {}
    return {"sandbox_image": report.get("digest"), "sandbox_profile": report.get("profile"),
            "sandbox_extra_requirements": report.get("extra_requirements")}


def _git_revision() -> str | None:
    root = Path(__file__).resolve().parents[1]
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def run(model: str, suite: str, *, db: str | Path | None = None, **options: Any) -> str:
    """Run a suite against a model (the library form of `codeeval run`); returns the run id.
    Options are RunOptions fields: samples, limit, workers, execute, temperature, max_new_tokens, ..."""
    with Store(db or default_db()) as store:
        return Pipeline(store).run(RunOptions(model=model, suite=suite, **options))
