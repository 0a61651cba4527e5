"""`codeeval vet` (a verdict on code before it runs) and `codeeval serve` (the same over HTTP)."""
# ruff: noqa: B008 - typer declares options as argument defaults

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from codeeval.cli.options import format_option, parse_outputs
from codeeval.errors import CodeevalError
from codeeval.sources import HARD_MAX_BYTES

EXIT_CODES = {"allow": 0, "block": 1, "warn": 3}


FORMATS = ("text", "json", "sarif")
TEXT_WIDTH = 120  # when the output is not a terminal


def _console():
    from rich.console import Console

    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=TEXT_WIDTH)


def _capture(draw) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, width=TEXT_WIDTH, color_system=None, highlight=False))
    return buffer.getvalue()


class FailOn(str, Enum):
    warn = "warn"
    block = "block"


def register(app: typer.Typer) -> None:
    app.command("vet")(vet_command)
    app.command("serve")(serve_command)


def vet_command(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for standard input."),
    run: bool = typer.Option(False, "--run", help="Also execute each file in the sandbox and add its behaviours (needs Docker)."),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy YAML (default: the policy shipped with codeeval)."),
    fmt: str = format_option(FORMATS),
    language: str | None = typer.Option(None, "--language", "-l", help="Language of every input (python|bash|javascript)."),
    fail_on: FailOn = typer.Option(FailOn.warn, "--fail-on", help="warn: exit 3 on warn (default); block: warn exits 0."),
    max_bytes: int = typer.Option(
        HARD_MAX_BYTES, "--max-bytes", min=1, max=HARD_MAX_BYTES,
        help="Analyse at most this many bytes of each file (default and hard limit: 16 MiB); a larger file is never allowed.",
    ),
    output: list[str] = typer.Option(
        [], "--output", "-o",
        help="FILE: write the report there instead of standard output; FORMAT=FILE (e.g. sarif=vet.sarif): also "
             "write a report in that format (repeatable).",
    ),
) -> None:
    """Vet code before it runs: allow, warn or block, with the reasons.

    Static by default (Bandit, Semgrep and the capability engine); --run also executes the code in the sandbox.
    With several files, each gets a verdict and the overall verdict is the worst of them.

    Exit status: 0 allow, 1 block, 3 warn (0 with --fail-on block), 2 usage error
    (bad option, unreadable path, invalid policy, nothing to vet).
    """
    from codeeval.policy import load_policy
    from codeeval.sources import Source, collect
    from codeeval.vet import unanalysed_verdict, vet_many, worst

    loaded = load_policy(policy)
    sources, skipped = collect(paths, language=language, max_bytes=max_bytes)
    refused = [s for s in sources if s.language not in loaded.languages]
    sources = [s for s in sources if s.language in loaded.languages]
    # Executable content that could not be read as code gets a verdict of its own: never a silent skip.
    unreadable = [s for s in skipped if s.executable]
    skipped = [s for s in skipped if not s.executable]
    if not sources and not unreadable:
        reasons = [f"{s.path}: {s.reason}" for s in skipped] + [f"{s.path}: {s.language} is not in the policy's languages" for s in refused]
        raise CodeevalError("nothing to vet" + (f" ({reasons[0]})" if reasons else ""))
    verdicts = vet_many([(s.code, s.language) for s in sources], run=run, policy=loaded,
                        unanalysed=[s.unanalysed for s in sources]) if sources else []
    verdicts += [unanalysed_verdict([s.reason], loaded) for s in unreadable]
    sources = [*sources, *(Source(s.path, "", "unknown", ()) for s in unreadable)]
    overall = worst([v.verdict for v in verdicts])
    skipped_docs = [s.to_dict() for s in skipped] + [
        {"path": s.path, "error": f"{s.language} is not in the policy's languages", "executable": False} for s in refused
    ]

    outputs, to_stdout = parse_outputs(output, FORMATS, fmt)

    def render(name: str) -> str:
        if name == "json":
            return json.dumps(vet_document(sources, verdicts, overall, skipped_docs, loaded), indent=2)
        if name == "sarif":
            return json.dumps(_sarif(sources, verdicts, skipped_docs), indent=2)
        return _capture(lambda console: _text(sources, verdicts, overall, skipped_docs, console))

    if to_stdout:
        if fmt == "text":
            _text(sources, verdicts, overall, skipped_docs, _console())
        else:
            typer.echo(render(fmt))
    for name, path in outputs:
        try:
            path.write_text(render(name).rstrip("\n") + "\n", encoding="utf-8")
        except OSError as exc:
            raise CodeevalError(f"cannot write {path}: {exc.strerror or exc}") from None
    code = EXIT_CODES[overall]
    if overall == "warn" and fail_on is FailOn.block:
        code = 0
    raise typer.Exit(code)


def vet_document(sources, verdicts, overall: str, skipped: list[dict], policy) -> dict[str, Any]:
    """One JSON shape for one file or many: the overall verdict and every reason, finding and behaviour
    (each tagged with its path) at the top, and a verdict per file under `files`."""
    files = [{"path": s.path, **v.to_dict(), "notes": list(s.notes)} for s, v in zip(sources, verdicts)]
    return {
        "verdict": overall,
        "reasons": [{"path": f["path"], **r} for f in files for r in f["reasons"]],
        "findings": [{"path": f["path"], **x} for f in files for x in f["findings"]],
        "behaviours": [{"path": f["path"], **b} for f in files for b in f["behaviours"]],
        "files": files,
        "skipped": skipped,
        "policy": {"name": policy.name, "source": policy.source, "digest": policy.digest},
    }


def _sarif(sources, verdicts, skipped: list[dict]) -> dict[str, Any]:
    from codeeval.report.sarif import to_sarif
    from codeeval.scanners import tool_versions
    from codeeval.types import ScanResult

    results = [ScanResult(s.path, v.language, v.parsed, None, v.findings, v.errors) for s, v in zip(sources, verdicts)]
    doc = to_sarif(results, tools=tool_versions(), skipped=skipped)
    # The verdicts travel with the run so a dashboard can show them beside the alerts.
    doc["runs"][0]["properties"] = {
        "verdicts": [{"path": s.path, "verdict": v.verdict} for s, v in zip(sources, verdicts)],
    }
    return doc


def _text(sources, verdicts, overall: str, skipped: list[dict], console) -> None:
    """Per file: its verdict, then a table of reasons (long reasons wrap, never cut)."""
    from rich.table import Table
    from rich.text import Text

    styles = {"block": "bold red", "warn": "yellow", "allow": "green"}
    for source, v in zip(sources, verdicts):
        head = Text(f"{v.verdict.upper():<6} ", style=styles.get(v.verdict, ""))
        head.append(source.path, style="bold")
        head.append(f"  ({v.language}{', ran' if v.ran else ''})", style="dim")
        console.print(head)
        if v.reasons:
            table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1, 0, 2))
            for name in ("effect", "where", "severity", "CWE", "reason"):
                table.add_column(name, no_wrap=name in ("effect", "where", "severity"),
                                 overflow="fold", ratio=1 if name == "reason" else None)
            for r in v.reasons:
                why = Text(r.id, style="bold")
                why.append(f"\n{r.why}")
                table.add_row(Text(r.effect, style=styles.get(r.effect, "")),
                              f"line {r.line}" if r.line is not None else r.kind, r.severity.label,
                              ", ".join(r.cwe) or "-", why)
            console.print(table)
        for note in source.notes:
            console.print(f"  note: {note}", markup=False)
        for error in v.errors:
            console.print(f"  error: {error}", markup=False)
    for item in skipped:
        console.print(f"skipped {item['path']}: {item['error']}", markup=False, style="dim")
    counts = {k: sum(1 for v in verdicts if v.verdict == k) for k in ("allow", "warn", "block")}
    console.print(f"verdict: {overall}  ({len(verdicts)} vetted: {counts['allow']} allow, {counts['warn']} warn, "
                  f"{counts['block']} block; {len(skipped)} skipped)", markup=False)


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback needs an API key."),
    port: int = typer.Option(8321, "--port", min=0, max=65535, help="TCP port (0: any free port)."),
    api_key_env: str = typer.Option(
        "CODEEVAL_API_KEY", "--api-key-env", help="Environment variable holding the API key clients send in X-API-Key."
    ),
    max_concurrency: int = typer.Option(32, "--max-concurrency", min=1, help="Requests vetted at once; more get 503."),
    max_body: int = typer.Option(512 * 1024, "--max-body", min=1024, help="Largest request body in bytes; larger get 413."),
    timeout: float = typer.Option(60.0, "--timeout", min=1.0, help="Seconds per request before 504."),
    allow_run: bool = typer.Option(True, "--allow-run/--no-run", help="Accept run: true (sandbox execution; needs Docker)."),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="The server's policy (default: the shipped one)."),
    named_policy: list[Path] = typer.Option(
        [], "--named-policy", help="Another policy requests may choose by its name (repeatable)."
    ),
    allow_client_loosening: bool = typer.Option(
        False, "--allow-client-loosening", help="Accept request policies looser than the server's (default: 403)."
    ),
    header_timeout: float = typer.Option(10.0, "--header-timeout", min=0.1, help="Seconds for a request's headers to arrive."),
    body_timeout: float = typer.Option(30.0, "--body-timeout", min=0.1, help="Seconds for a request's body to arrive (408)."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
) -> None:
    """Serve the vet API over HTTP: POST /v1/vet, GET /healthz, OpenAPI at /openapi.json.

    Without an API key (the variable named by --api-key-env unset or empty) it binds only to loopback.
    The policy is the server's (--policy); a request may name one of --named-policy or send a stricter
    policy, never a looser one unless --allow-client-loosening.
    Exit status: 2 on a usage error (e.g. a non-loopback --host without a key); otherwise runs until stopped.
    """
    import os

    from codeeval.service import ServiceConfig, check_bind, serve

    key = os.environ.get(api_key_env) or None
    check_bind(host, key, api_key_env)
    from codeeval.policy import load_policy

    named = tuple(load_policy(p) for p in named_policy)
    config = ServiceConfig(api_key=key, max_concurrency=max_concurrency, max_body_bytes=max_body,
                           timeout_s=timeout, allow_run=allow_run, policy=load_policy(policy), named_policies=named,
                           allow_client_loosening=allow_client_loosening, header_timeout_s=header_timeout,
                           body_timeout_s=body_timeout)
    serve(config, host=host, port=port, log_level=log_level)
