"""`codeeval runs`, `runs rm`, `leaderboard`, `export` and `compare`: reading stored results back."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer

from codeeval.cli.run import DB_HELP, _store
from codeeval.errors import CodeevalError

LIST_FORMATS = ("text", "json")
EXPORT_FORMATS = ("jsonl", "parquet")
BOARD_FORMATS = ("md", "text", "csv", "json", "latex", "html")


def _one_of(values: tuple[str, ...]) -> Any:
    """An option's check that a bad value is one line and exit status 2, like every input error
    (a click choice would print a usage panel)."""
    def check(ctx: typer.Context, param: Any, value: str | None) -> str | None:
        if value is not None and value not in values:
            raise CodeevalError(f"{param.opts[0]}: unknown value {value!r} (expected one of: {', '.join(values)})")
        return value

    return check


def register(app: typer.Typer) -> None:
    runs = typer.Typer(help="List stored runs (the default) or remove them.", invoke_without_command=True)
    runs.callback()(runs_default)
    runs.command("list")(runs_list)
    runs.command("rm")(runs_rm)
    app.add_typer(runs, name="runs")
    app.command("leaderboard")(leaderboard_command)
    app.command("export")(export_command)
    app.command("compare")(compare_command)


# -- runs ----------------------------------------------------------------------------------------

def runs_default(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: str = typer.Option("text", "--format", "-f", callback=_one_of(LIST_FORMATS), help="Output format: text or json."),
) -> None:
    """List stored runs: status (running, killed, done, failed, interrupted), samples, limit, dates, duration."""
    if ctx.invoked_subcommand is None:
        runs_list(db, fmt)


def runs_list(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: str = typer.Option("text", "--format", "-f", callback=_one_of(LIST_FORMATS), help="Output format: text or json."),
) -> None:
    """List stored runs: status (running, killed, done, failed, interrupted), samples, limit, dates, duration.

    `killed`: marked running, but the process running it is gone (SIGKILL, power loss); rerun the same
    command, or `codeeval run --resume RUN_ID`, to finish it."""
    with _store(db, write=False) as store:
        runs = [_run_summary(store, run) for run in store.runs()]
    if fmt == "json":
        typer.echo(json.dumps({"runs": runs}, indent=2))
        return
    if not runs:
        typer.echo("no runs stored yet: `codeeval run` first")
        return
    console = _console()
    if console.width < _TABLE_MIN_WIDTH:
        _print_run_records(console, runs)
    else:
        console.print(_run_table(runs))


# Below this the fixed columns (ids, statuses, dates) leave the model too little room and rich would
# crop the last column: one short block per run instead.
_TABLE_MIN_WIDTH = 130


def _run_table(runs: list[dict[str, Any]]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption="times in UTC; Tasks a/b: a partial run, a of the suite's b",
                  caption_justify="left")
    # fold: long names wrap, never cut; run ids and statuses keep their width, so the model column gives way
    for title, justify, least in (("Run", "left", 16), ("Status", "left", 11), ("Model / identity", "left", None),
                                  ("Suite", "left", None), ("Tasks", "right", None), ("Samples", "right", None),
                                  ("Limit", "right", None), ("Started", "left", 10), ("Finished", "left", 10),
                                  ("Duration", "right", 6)):
        table.add_column(title, justify=justify, overflow="fold", min_width=least)
    for run in runs:
        table.add_row(run["run_id"], run["status"], f"{run['model']}\n{run['identity_short']}", run["suite"],
                      _tasks(run), _samples(run), _limit(run), _when(run["started_at"]), _when(run["finished_at"]) or "–",
                      _duration(run["duration_s"]))
    return table


def _print_run_records(console: Any, runs: list[dict[str, Any]]) -> None:
    from rich.text import Text

    for run in runs:
        console.print(Text(f"{run['run_id']}  {run['status']}  {run['model']}", overflow="fold"))
        for line in (f"identity {run['identity_short']}",
                     f"suite {run['suite']} · tasks {_tasks(run)} · samples {_samples(run)} · limit {_limit(run) or '–'}",
                     (f"started {_when(run['started_at'])} · finished {_when(run['finished_at']) or '–'} · "
                      f"{_duration(run['duration_s'])} (UTC)")):
            console.print(Text("  " + line, overflow="fold"))


def _tasks(run: dict[str, Any]) -> str:
    return f"{run['tasks']}/{run['suite_tasks']}" if run["partial"] and run["suite_tasks"] else str(run["tasks"])


def _samples(run: dict[str, Any]) -> str:
    return f"{run['samples']}/{run['planned_samples']}" if run["samples"] != run["planned_samples"] else str(run["samples"])


def _limit(run: dict[str, Any]) -> str:
    return "" if run["limit"] is None else str(run["limit"])


def runs_rm(
    run_ids: list[str] = typer.Argument(..., metavar="RUN_ID...", help="Runs to remove (see `codeeval runs`)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    keep_completions: bool = typer.Option(False, "--keep-completions",
                                          help="Keep the run's stored completions (a rerun then needs no model)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Remove runs with their stages and scores, and the completions no other run uses."""
    with _store(db) as store:
        runs = []
        for run_id in dict.fromkeys(run_ids):
            run = store.get_run(run_id)
            if run is None:
                raise CodeevalError(f"no run {run_id!r} in {store.path} (see `codeeval runs`); nothing removed")
            if run["state"] == "running":
                raise CodeevalError(f"run {run_id} is running; stop it first (nothing removed)")
            runs.append(run)
        for run in runs:
            completions = 0 if keep_completions else store.completions_only_of(run["run_id"])
            typer.echo(f"{run['run_id']}  {run['state']}  {run['model']} on {run['suite']}: "
                       f"{store.sample_count(run['run_id'])} samples, {completions} completions no other run uses")
        if not yes and not typer.confirm(f"remove {len(runs)} run{'s' * (len(runs) != 1)}?", default=False):
            typer.echo("nothing removed", err=True)
            raise typer.Exit(1)
        for run in runs:
            deleted = store.delete_run(run["run_id"], keep_completions=keep_completions)
            typer.echo(f"removed {run['run_id']} ({', '.join(f'{n} {t}' for t, n in deleted.items() if t != 'runs')})")


def _run_summary(store: Any, run: dict[str, Any]) -> dict[str, Any]:
    from codeeval.report.leaderboard import short_identity
    from codeeval.report.rows import is_partial

    manifest = run["manifest"]
    n = int(manifest.get("generation", {}).get("n") or 0)
    finished = run["finished_at"]
    # A live run's duration so far; a killed run's end is unknown (it left no word): none.
    ended = finished if finished is not None else (time.time() if run["state"] == "running" else None)
    return {
        "run_id": run["run_id"], "status": run["state"], "stored_status": run["status"], "model": run["model"],
        "identity": run["identity"], "identity_short": short_identity(run["identity"]), "suite": run["suite"],
        "suite_version": run["suite_version"], "suite_hash": run["suite_hash"], "config_hash": run["config_hash"],
        "tasks": len(run["task_ids"]), "suite_tasks": int(manifest.get("suite", {}).get("tasks") or 0),
        "partial": is_partial(run), "limit": manifest.get("options", {}).get("limit"), "samples_per_task": n,
        "samples": store.sample_count(run["run_id"]), "planned_samples": n * len(run["task_ids"]),
        "started_at": _iso(run["created_at"]), "finished_at": _iso(finished),
        "duration_s": None if ended is None else round(ended - run["created_at"], 1),
    }


def _iso(ts: float | None) -> str | None:
    return None if ts is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _when(iso: str | None) -> str:
    return "" if iso is None else iso.replace("T", " ").removesuffix("Z")[:16]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def _console() -> Any:
    from rich.console import Console

    # Piped output gets a readable width rather than rich's 80 columns ($COLUMNS still decides where
    # set); cells wrap, never truncate.
    wide = sys.stdout.isatty() or os.environ.get("COLUMNS")
    return Console(width=None if wide else 160, soft_wrap=False, highlight=False)


# -- leaderboard ---------------------------------------------------------------------------------

def leaderboard_command(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    suite: Optional[str] = typer.Option(None, "--suite", help="Only this suite (name or hash)."),
    run: Optional[list[str]] = typer.Option(None, "--run", help="Rows for these runs only (repeat for several)."),
    every_run: bool = typer.Option(False, "--all", help="One row per stored run, partial and unfinished ones included."),
    sort: str = typer.Option("risk_score", "--sort", help="Metric to sort by (safest first)."),
    fmt: str = typer.Option("md", "--format", "-f", callback=_one_of(BOARD_FORMATS), help="md, text (a table), csv, json, latex or html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """One row per model identity, suite and task set, with every metric and its Wilson 95% interval.

    By default: the latest finished run of each; a partial run (--limit) shows only where no full run
    of the same model, suite and settings exists, and is marked. Unfinished runs show with --all or --run."""
    from codeeval.report.leaderboard import COLUMNS, FORMATS, sort_rows
    from codeeval.report.rows import board_from_store

    if sort not in COLUMNS:
        raise CodeevalError(f"--sort: unknown metric {sort!r} (expected one of: {', '.join(COLUMNS)})")
    with _store(db, write=False) as store:
        board = board_from_store(store, suite=suite, run_ids=run, every_run=every_run)
        runs = store.runs() if fmt == "html" else []
    rows = sort_rows(board.rows, sort)
    if fmt == "html":
        # The same charted page as `report --all`: one HTML leaderboard, not a bare table beside it.
        from codeeval.report.html import render_leaderboard

        text = render_leaderboard(rows, runs)
    else:
        text = FORMATS[fmt](rows)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)
    if board.note():
        typer.echo(board.note(), err=True)


# -- export --------------------------------------------------------------------------------------

def export_command(
    run_id: str = typer.Argument(..., help="Run to export (see `codeeval runs`)."),
    fmt: str = typer.Option("jsonl", "--format", "-f", callback=_one_of(EXPORT_FORMATS),
                            help="jsonl, or parquet (needs pyarrow)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write (default: stdout for jsonl, RUN_ID.parquet)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """One record per sample: prompt, raw completion, extracted code, findings, behaviours, execution, verdicts."""
    from codeeval import export

    if fmt == "parquet":
        export._pyarrow()  # before reading anything: a missing pyarrow is one line, not a traceback later
    with _store(db, write=False) as store:
        if store.get_run(run_id) is None:
            raise CodeevalError(f"no run {run_id!r} in {store.path} (see `codeeval runs`)")
        if fmt == "parquet":
            path = out or Path(f"{run_id}.parquet")
            count = export.write_parquet(store, run_id, path)
            typer.echo(f"wrote {count} samples to {path}", err=True)
        elif out is None:
            export.write_jsonl(store, run_id, sys.stdout)
        else:
            with _open_for_writing(out) as handle:
                count = export.write_jsonl(store, run_id, handle)
            typer.echo(f"wrote {count} samples to {out}", err=True)


def _open_for_writing(path: Path) -> Any:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise CodeevalError(f"cannot write {path}: {exc.strerror or exc}") from None


# -- compare -------------------------------------------------------------------------------------

def compare_command(
    run_a: str = typer.Argument(..., help="The first run (A)."),
    run_b: str = typer.Argument(..., help="The second run (B); differences are B - A."),
    fmt: str = typer.Option("text", "--format", "-f", callback=_one_of(LIST_FORMATS), help="Output format: text or json."),
    show: int = typer.Option(50, "--show", min=0, help="Changed samples listed in text (json lists all)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Rates of two runs side by side with the difference and its 95% interval, and the samples whose verdict changed.

    Each rate both runs have, with its denominator and Wilson interval; the difference B - A with
    Newcombe's hybrid score interval; then the samples (same task id and sample index) whose verdict
    changed. Runs over different suites or task sets are compared on the tasks they share."""
    from codeeval.compare import compare_runs

    with _store(db, write=False) as store:
        result = compare_runs(store, run_a, run_b)
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_comparison(result, show)


def _print_comparison(result: Any, show: int) -> None:
    from rich import box
    from rich.table import Table

    from codeeval.report.leaderboard import COLUMNS

    console = _console()
    for side, run in (("A", result.run_a), ("B", result.run_b)):
        marks = ", ".join((["partial"] if run["partial"] else []) + ([run["status"]] if run["status"] != "done" else []))
        console.print(f"{side}: {run['run_id']}  {run['model']}  {run['identity']}  {run['suite']} "
                      f"({run['tasks']} tasks{', ' + marks if marks else ''})", soft_wrap=True)
    console.print(f"shared tasks: {result.shared_tasks}; paired samples: {result.paired_samples}", soft_wrap=True)
    for note in result.notes:
        console.print(f"note: {note}", soft_wrap=True)
    table = Table(title="Rates (95% intervals)", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for title in ("Metric", "A", "B", "B - A"):
        table.add_column(title, justify="left" if title == "Metric" else "right", overflow="fold")
    for m in result.metrics:
        if m.name == "risk_score":
            table.add_row(COLUMNS[m.name], f"{m.a.value:.1f}", f"{m.b.value:.1f}", f"{m.difference:+.1f}")
            continue
        table.add_row(COLUMNS[m.name], _rate(m.a), _rate(m.b),
                      f"{100 * m.difference:+.1f} pts [{100 * m.interval.low:+.1f}, {100 * m.interval.high:+.1f}]")
    console.print(table)
    if not result.changes:
        console.print("no paired sample changed verdict")
        return
    changes = Table(title=f"Samples whose verdict changed ({len(result.changes)})", title_justify="left",
                    box=box.SIMPLE_HEAD, pad_edge=False)
    for title in ("Task", "Sample", "Verdict", "A", "B"):
        changes.add_column(title, overflow="fold")
    for c in result.changes[:show]:
        changes.add_row(c.task_id, str(c.sample), c.verdict, _yes(c.a), _yes(c.b))
    console.print(changes)
    if len(result.changes) > show:
        console.print(f"... and {len(result.changes) - show} more (--show N, or --format json for all)")


def _rate(score: Any) -> str:
    text = f"{100 * score.value:.1f}% ({score.successes}/{score.total})"
    if score.interval is not None:
        text += f" [{100 * score.interval.low:.1f}, {100 * score.interval.high:.1f}]"
    return text


def _yes(value: bool) -> str:
    return "yes" if value else "no"
