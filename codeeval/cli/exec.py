"""`codeeval exec PATH...`: run files in fresh sandbox containers and report what they did."""

from __future__ import annotations

import json
import signal
from contextlib import closing
from pathlib import Path
from typing import Any

import typer

LANGUAGES = {".py": "python", ".sh": "bash"}


def _collect_files(paths: list[str]) -> list[Path]:
    """Named files as given; directories expanded to their .py/.sh files, sorted, hidden ones skipped."""
    from codeeval.errors import CodeevalError

    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in LANGUAGES and not any(part.startswith(".") for part in p.parts)
            )
        elif path.is_file():
            if path.suffix not in LANGUAGES:
                raise CodeevalError(f"{raw}: cannot tell the language (expected a .py or .sh file)")
            files.append(path)
        else:
            raise CodeevalError(f"{raw}: no such file or directory")
    if not files:
        raise CodeevalError("no .py or .sh files to run in the given paths")
    return files


def result_dict(path: str, result: Any) -> dict[str, Any]:
    """The JSON shape of one result (issue 3): the ExecResult fields, behaviours without raw events, a verdict."""
    from codeeval.execution import verdict

    return {
        "path": path,
        "run_status": result.run_status.to_dict(),  # did it run: kind, cause, detail
        "exit_code": result.exit_code,
        "signal": result.signal,
        "timed_out": result.timed_out,
        "oom_killed": result.oom_killed,
        "duration_s": result.duration_s,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "truncated": result.truncated,
        "behaviours": [
            {"id": b.id, "severity": b.severity.label, "evidence": list(b.evidence), "summary": b.summary}
            for b in result.behaviours
        ],
        "verdict": verdict(result.behaviours),
        "tests": [t.to_dict() for t in result.tests],
        "events": len(result.events),
        "error": result.error,
    }


def register(app: typer.Typer) -> None:
    @app.command("exec")
    def exec_cmd(
        paths: list[str] = typer.Argument(..., help="Files or directories (.py runs with python3, .sh with bash)."),  # noqa: B008
        timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds each sample may run."),
        workers: int = typer.Option(0, "--workers", min=0, help="Samples at once (default: CPU count)."),
        fmt: str = typer.Option("table", "--format", help="table | json"),
        trace: bool = typer.Option(True, "--trace/--no-trace", help="Trace behaviour (off: functional runs only)."),
        image: str = typer.Option("", "--image", envvar="CODEEVAL_SANDBOX_IMAGE", help="Sandbox image tag."),
    ) -> None:
        """Run files in fresh hardened containers; report exit status, output, behaviours and a verdict."""
        from codeeval.cli import fail
        from codeeval.execution import ExecJob, SandboxConfig, execute_many

        if fmt not in ("table", "json"):
            raise fail(f"unknown format {fmt!r} (expected table|json)")
        files = _collect_files(paths)
        config = SandboxConfig.from_env(timeout_s=timeout, trace=trace, image=image or None)
        jobs = [
            ExecJob.from_code(f.read_bytes(), LANGUAGES[f.suffix], entry=f.name, key=str(f)) for f in files
        ]

        # SIGTERM (CI cancelling, `timeout`) takes the same path as Ctrl-C: every container is removed.
        def _interrupt(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _interrupt)
        by_key: dict[str, dict[str, Any]] = {}
        with closing(execute_many(jobs, config, workers or None)) as results:
            for job, result in results:
                by_key[job.key] = result_dict(job.key, result)
        ordered = [by_key[str(f)] for f in files]
        if fmt == "json":
            doc: Any = ordered[0] if len(ordered) == 1 and len(paths) == 1 and Path(paths[0]).is_file() else {"results": ordered}
            typer.echo(json.dumps(doc, indent=2))
            return
        for r in ordered:
            status = "timeout" if r["timed_out"] else f"signal {r['signal']}" if r["signal"] else f"exit {r['exit_code']}"
            ids = ", ".join(f"{b['id']}({b['severity']})" for b in r["behaviours"]) or "-"
            ran = r["run_status"]["kind"]
            typer.echo(f"{r['verdict']:<10} {ran:<16} {status:<10} {r['duration_s']:>6.2f}s  {r['path']}  {ids}")
            if r["run_status"]["cause"]:
                detail = r["run_status"]["detail"]
                typer.echo(f"{'':<10} {r['run_status']['cause']}" + (f": {detail}" if detail else ""))
            if r["error"]:
                typer.echo(f"{'':<10} error: {r['error']}")
