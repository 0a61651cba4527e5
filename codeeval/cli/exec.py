"""`codeeval exec PATH...`: run files in fresh sandbox containers and report what they did."""

from __future__ import annotations

import json
import signal
from contextlib import closing
from pathlib import Path
from typing import Any

import typer

from codeeval.cli.options import format_option
from codeeval.execution.behaviours import VERDICTS, result_verdict

LANGUAGES = {".py": "python", ".sh": "bash"}
# Larger inputs are refused before a container starts: the job travels through the supervisor's stdin
# (a 10 MB file ran in 1.4 s; a 50 MB one outlived a 5 s deadline), and vet analyses 16 MiB at most.
MAX_INPUT_BYTES = 16 * 1024 * 1024
# Exit status as vet's: 0 allow, 1 block, 3 warn. An infrastructure failure (`error`) is not a clean run,
# so it fails any gate (fail closed), but it is never called malicious; a run that was cut off (`incomplete`)
# or never got past start-up (`not_run`) is not vouched for either.
EXIT_CODES = {"clean": 0, "incomplete": 3, "not_run": 3, "suspicious": 3, "error": 1, "malicious": 1}


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
        "verdict": result_verdict(result),
        "tests": [t.to_dict() for t in result.tests],
        "events": len(result.events),
        "error": result.error,
    }


def _refused(reason: str) -> Any:
    from codeeval.types import ExecResult

    return ExecResult(exit_code=None, signal=None, timed_out=False, oom_killed=False, duration_s=0.0, stdout="",
                      stderr="", truncated=False, error=reason)


def _stdin_job(language: str | None, stdin: Any = None) -> tuple[str, bytes, str]:
    """Standard input as one sample: its language from --language, else its shebang or content."""
    import sys

    from codeeval.errors import CodeevalError
    from codeeval.languages import detect_language, normalise_tag

    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(MAX_INPUT_BYTES + 1)
    if language is not None:
        named = normalise_tag(language)
        if named not in ("python", "bash"):
            raise CodeevalError(f"--language: the sandbox runs python and bash, not {language!r}")
        return "<stdin>", data, named
    sniffed = detect_language(data[:65536].decode("utf-8", "replace"))
    if sniffed not in ("python", "bash"):
        raise CodeevalError(f"cannot tell the language of standard input ({sniffed}): pass --language python|bash")
    return "<stdin>", data, sniffed


def register(app: typer.Typer) -> None:
    @app.command("exec")
    def exec_cmd(
        paths: list[str] = typer.Argument(..., help="Files, directories (.py runs with python3, .sh with bash), or - for standard input."),  # noqa: B008
        timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds each sample may run."),
        workers: int = typer.Option(0, "--workers", min=0, help="Samples at once (default: CPU count)."),
        fmt: str = format_option(("text", "json")),
        trace: bool = typer.Option(True, "--trace/--no-trace", help="Trace behaviour (off: functional runs only)."),
        image: str = typer.Option("", "--image", envvar="CODEEVAL_SANDBOX_IMAGE", help="Sandbox image tag."),
        language: str | None = typer.Option(None, "--language", "-l", help="Language of standard input (python|bash; default: sniffed)."),
        fail_on: str = typer.Option("suspicious", "--fail-on", help="suspicious: exit 3 on suspicious (default); malicious: suspicious exits 0."),
        executor: str = typer.Option("local", "--executor", help="Where samples run: local (this Docker daemon) | ray (a Ray cluster's nodes)."),
        address: str | None = typer.Option(None, "--address", help="Ray cluster address (host:port or ray://host:10001) for --executor ray."),
    ) -> None:
        """Run files in fresh hardened containers; report exit status, output, behaviours and a verdict.

        Exit status: 0 clean, 1 malicious or error (the sandbox gave no result: never reported as malicious,
        never passed as clean), 3 suspicious (0 with --fail-on malicious) or not vouched for (not_run: crashed
        on start; incomplete: stopped at its deadline with nothing above low), 2 usage error. Several files: the worst.
        """
        from codeeval.cli import fail
        from codeeval.execution import ExecJob, SandboxConfig
        from codeeval.execution.executors import make_executor

        if fail_on not in ("suspicious", "malicious"):
            raise fail(f"--fail-on: {fail_on!r} (expected suspicious|malicious)")
        runner = make_executor(executor, workers=workers or None, address=address,
                               warn=lambda m: typer.echo(f"codeeval: warning: {m}", err=True))
        inputs: list[tuple[str, bytes, str]] = []
        if "-" in paths:
            inputs.append(_stdin_job(language))
        named = [p for p in paths if p != "-"]
        if named:
            inputs += [(str(f), f.read_bytes() if f.stat().st_size <= MAX_INPUT_BYTES else b"", LANGUAGES[f.suffix])
                       for f in _collect_files(named)]
        config = SandboxConfig.from_env(timeout_s=timeout, trace=trace, image=image or None)
        by_key: dict[str, dict[str, Any]] = {}
        jobs = []
        for key, data, lang in inputs:
            size = Path(key).stat().st_size if key != "<stdin>" else len(data)
            if size > MAX_INPUT_BYTES:
                by_key[key] = result_dict(key, _refused(
                    f"not run: {size} bytes is more than the {MAX_INPUT_BYTES} bytes the sandbox accepts per sample"))
                continue
            entry = Path(key).name if key != "<stdin>" else "sample" + (".py" if lang == "python" else ".sh")
            jobs.append(ExecJob.from_code(data, lang, entry=entry, key=key))

        # SIGTERM (CI cancelling, `timeout`) takes the same path as Ctrl-C: every container is removed.
        def _interrupt(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _interrupt)
        if jobs:
            with closing(runner.run(jobs, config)) as results:
                for job, result in results:
                    by_key[job.key] = result_dict(job.key, result)
        ordered = [by_key[key] for key, _, _ in inputs]
        if fmt == "json":
            single = len(ordered) == 1 and len(paths) == 1 and (paths[0] == "-" or Path(paths[0]).is_file())
            doc: Any = ordered[0] if single else {"results": ordered}
            typer.echo(json.dumps(doc, indent=2))
        else:
            for r in ordered:
                status = ("timeout" if r["timed_out"] else f"signal {r['signal']}" if r["signal"] else
                          "not run" if r["exit_code"] is None else f"exit {r['exit_code']}")
                ids = ", ".join(f"{b['id']}({b['severity']})" for b in r["behaviours"]) or "-"
                ran = r["run_status"]["kind"]
                typer.echo(f"{r['verdict']:<10} {ran:<16} {status:<10} {r['duration_s']:>6.2f}s  {r['path']}  {ids}")
                if r["run_status"]["cause"]:
                    detail = r["run_status"]["detail"]
                    typer.echo(f"{'':<10} {r['run_status']['cause']}" + (f": {detail}" if detail else ""))
                if r["error"]:
                    typer.echo(f"{'':<10} error: {r['error']}")
        overall = max((r["verdict"] for r in ordered), key=VERDICTS.index, default="clean")
        code = EXIT_CODES[overall]
        if overall == "suspicious" and fail_on == "malicious":
            code = 0
        raise typer.Exit(code)
