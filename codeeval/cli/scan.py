"""`codeeval scan`: static analysis of files, directories or standard input."""
# ruff: noqa: B008 - typer declares options as argument defaults

from __future__ import annotations

import json
from pathlib import Path

import typer

from codeeval.cli.options import format_option, parse_outputs
from codeeval.errors import CodeevalError
from codeeval.sources import HARD_MAX_BYTES

FORMATS = ("text", "json", "sarif")


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)


def scan_command(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for standard input."),
    fmt: str = format_option(FORMATS),
    fail_on: str | None = typer.Option(
        None, "--fail-on", help="Exit 1 when a finding at or above this severity exists: low|medium|high|critical."
    ),
    language: str | None = typer.Option(None, "--language", "-l", help="Language of every input (python|bash|javascript)."),
    engine: list[str] = typer.Option(["bandit", "semgrep", "capabilities"], "--engine", "-e", help="Engines to run (repeatable)."),
    rules: Path | None = typer.Option(None, "--rules", help="Semgrep rules folder (default: codeeval's own)."),
    max_bytes: int = typer.Option(
        HARD_MAX_BYTES, "--max-bytes", min=1, max=HARD_MAX_BYTES,
        help="Scan at most this many bytes of each file (default and hard limit: 16 MiB).",
    ),
    allow_unscanned: bool = typer.Option(
        False, "--allow-unscanned",
        help="With --fail-on: do not fail on executable content that could not be scanned in full.",
    ),
    exclude: list[str] = typer.Option(
        [], "--exclude", "-x",
        help="Leave out paths matching this gitignore-style pattern (repeatable), e.g. 'tests/' or '*_pb2.py'.",
    ),
    no_ignore_file: bool = typer.Option(
        False, "--no-semgrepignore", help="Do not read the .semgrepignore in a scanned directory.",
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Leave out findings this baseline (or an earlier SARIF report) already holds.",
    ),
    write_baseline: Path | None = typer.Option(
        None, "--write-baseline", help="Write the findings of this scan as a baseline file.",
    ),
    output: list[str] = typer.Option(
        [], "--output", "-o",
        help="FILE: write the report there instead of standard output; FORMAT=FILE (e.g. sarif=scan.sarif): also "
             "write a report in that format (repeatable).",
    ),
) -> None:
    """Scan code for insecure and malicious patterns with Bandit, Semgrep and the capability engine.

    Directories honour a .semgrepignore at their top (gitignore syntax) and every --exclude; both engines
    see the same files.

    Exit status: 0 no finding at or above --fail-on (or no --fail-on), 1 such a finding exists or (with
    --fail-on, unless --allow-unscanned) executable content could not be scanned in full (binary, over the
    size limit, a scanner error), 2 usage error.
    """
    from codeeval.baseline import baseline_document, read_baseline, suppress
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
    outputs, to_stdout = parse_outputs(output, FORMATS, fmt)
    known = read_baseline(baseline) if baseline is not None else None
    config = ScanConfig(engines=tuple(dict.fromkeys(engine)), rules_dir=rules)
    versions = tool_versions(config)
    sources, skipped = collect(paths, language=language, max_bytes=max_bytes, exclude=exclude,
                               ignore_file=not no_ignore_file)
    results = analyse([ScanInput(s.path, s.code, s.language) for s in sources], config)
    code = {s.path: s.code for s in sources}
    notes = {s.path: (*s.notes, *(f"not analysed in full: {u}" for u in s.unanalysed)) for s in sources}
    if write_baseline is not None:
        _write(write_baseline, json.dumps(baseline_document(results, code), indent=2))
    suppressed = None
    if known is not None:
        results, suppressed = suppress(results, code, known)

    report = ScanReport(results, notes, skipped, versions, code, suppressed)
    if to_stdout:
        if fmt == "text":
            report.print_text()
        else:
            typer.echo(report.render(fmt))
    for name, path in outputs:
        _write(path, report.render(name))
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


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    except OSError as exc:
        raise CodeevalError(f"cannot write {path}: {exc.strerror or exc}") from None


def _unscanned(sources, skipped, results) -> list[str]:
    out = [f"{s.path}: {s.reason}" for s in skipped if s.executable]
    out += [f"{s.path}: {u}" for s in sources for u in s.unanalysed]
    out += [f"{r.path}: {e}" for r in results for e in r.errors]
    return out


class ScanReport:
    """One scan, rendered in any of the formats."""

    def __init__(self, results, notes, skipped, tools, code, suppressed) -> None:
        self.results, self.notes, self.skipped, self.tools = results, notes, skipped, tools
        self.code, self.suppressed = code, suppressed

    def render(self, fmt: str) -> str:
        from codeeval.report.sarif import to_sarif
        from codeeval.report.scan import scan_document, scan_text

        if fmt == "json":
            doc = scan_document(self.results, notes=self.notes, skipped=self.skipped, tools=self.tools)
            if self.suppressed is not None:
                doc["summary"]["baseline_suppressed"] = self.suppressed
            return json.dumps(doc, indent=2)
        if fmt == "sarif":
            doc = to_sarif(self.results, tools=self.tools, skipped=[s.to_dict() for s in self.skipped], code=self.code)
            return json.dumps(doc, indent=2)
        return scan_text(self.results, self.notes, self.skipped, self.suppressed)

    def print_text(self) -> None:
        from codeeval.report.scan import print_scan

        print_scan(self.results, self.notes, self.skipped, self.suppressed)
