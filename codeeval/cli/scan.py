"""`codeeval scan`: static analysis of files, directories or standard input."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from codeeval.errors import CodeevalError
from codeeval.sources import HARD_MAX_BYTES


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    sarif = "sarif"


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)


def scan_command(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for standard input."),
    fmt: ScanFormat = typer.Option(ScanFormat.table, "--format", "-f", help="Output format."),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", help="Exit 1 when a finding at or above this severity exists: low|medium|high|critical."
    ),
    language: Optional[str] = typer.Option(None, "--language", "-l", help="Language of every input (python|bash|javascript)."),
    engine: list[str] = typer.Option(["bandit", "semgrep"], "--engine", "-e", help="Engines to run (repeatable)."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="Semgrep rules folder (default: codeeval's own)."),
    max_bytes: int = typer.Option(
        HARD_MAX_BYTES, "--max-bytes", min=1, max=HARD_MAX_BYTES,
        help="Scan at most this many bytes of each file (default and hard limit: 16 MiB).",
    ),
    allow_unscanned: bool = typer.Option(
        False, "--allow-unscanned",
        help="With --fail-on: do not fail on executable content that could not be scanned in full.",
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here instead of stdout."),
) -> None:
    """Scan code for insecure and malicious patterns with Bandit and Semgrep.

    Exit status: 0 no finding at or above --fail-on (or no --fail-on), 1 such a finding exists or (with
    --fail-on, unless --allow-unscanned) executable content could not be scanned in full (binary, over the
    size limit, a scanner error), 2 usage error.
    """
    from codeeval.report.sarif import to_sarif
    from codeeval.report.scan import scan_document
    from codeeval.scanners import ScanConfig, ScanInput, analyse, tool_versions
    from codeeval.sources import collect
    from codeeval.types import Severity

    threshold = None
    if fail_on is not None:
        try:
            threshold = Severity.parse(fail_on)
        except ValueError as exc:
            raise CodeevalError(f"--fail-on: {exc}") from None
    if rules is not None and not rules.is_dir():
        raise CodeevalError(f"--rules: {rules} is not a directory")
    config = ScanConfig(engines=tuple(dict.fromkeys(engine)), rules_dir=rules)
    versions = tool_versions(config)
    sources, skipped = collect(paths, language=language, max_bytes=max_bytes)
    results = analyse([ScanInput(s.path, s.code, s.language) for s in sources], config)
    notes = {s.path: (*s.notes, *(f"not analysed in full: {u}" for u in s.unanalysed)) for s in sources}

    if fmt is ScanFormat.table:
        text = None
        _print_table(results, notes, skipped)
    elif fmt is ScanFormat.json:
        text = json.dumps(scan_document(results, notes=notes, skipped=skipped, tools=versions), indent=2)
    else:
        text = json.dumps(to_sarif(results, tools=versions, skipped=[s.to_dict() for s in skipped]), indent=2)
    if text is not None:
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)
    if threshold is None:
        return
    if any(f.severity >= threshold for r in results for f in r.findings):
        raise typer.Exit(1)
    unscanned = _unscanned(sources, skipped, results)
    if unscanned and not allow_unscanned:
        # Fail closed: what was not scanned cannot pass a gate.
        typer.echo(f"codeeval: {len(unscanned)} input(s) not scanned in full, failing (--allow-unscanned to pass): "
                   f"{unscanned[0]}", err=True)
        raise typer.Exit(1)


def _unscanned(sources, skipped, results) -> list[str]:
    out = [f"{s.path}: {s.reason}" for s in skipped if s.executable]
    out += [f"{s.path}: {u}" for s in sources for u in s.unanalysed]
    out += [f"{r.path}: {e}" for r in results for e in r.errors]
    return out


def _print_table(results, notes, skipped) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=120)
    width = console.width
    total = 0
    for result in results:
        header = f"[bold]{escape(result.path)}[/]  [dim]{result.language}"
        if result.repair or not result.parsed:
            header += f", parsed={str(result.parsed).lower()}" + (f", repair={result.repair}" if result.repair else "")
        header += "[/]"
        if result.findings:
            console.print(header)
        for f in result.findings:
            total += 1
            style = _STYLE.get(f.severity.label, "dim")
            others = [e.split(":", 1)[1] for e in f.evidence if e.split(":", 1)[1] != f.rule_id]
            also = f"  [dim]also: {escape(', '.join(others))}[/]" if others else ""
            console.print(
                f"  {f.line:>4}  [{style}]{f.severity.label:<8}[/] {','.join(f.cwe) or '-':<16} {escape(f.rule_id)}{also}"
            )
            console.print(f"        [dim]{escape(_shorten(f.message, width - 8))}[/]")
        for note in notes.get(result.path, ()):
            console.print(f"[yellow]note[/] {escape(result.path)}: {escape(note)}")
    for item in skipped:
        console.print(f"[dim]skipped {escape(item.path)}: {escape(item.reason)}[/]")
    flagged = sum(1 for r in results if r.findings)
    console.print(f"{len(results)} scanned, {flagged} with findings, {total} findings, {len(skipped)} skipped")


_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _shorten(message: str, limit: int) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
