"""The JSON document of `codeeval scan`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codeeval.sources import Skipped
from codeeval.types import ScanResult


def scan_document(
    results: Sequence[ScanResult], *, notes: Mapping[str, Sequence[str]], skipped: Sequence[Skipped], tools: dict[str, str]
) -> dict:
    docs = []
    for result in results:
        doc = result.to_dict()
        doc["notes"] = list(notes.get(result.path, ()))
        docs.append(doc)
    return {
        "results": docs,
        "errors": [s.to_dict() for s in skipped],
        "tools": tools,
        "summary": {
            "scanned": len(results),
            "with_findings": sum(1 for r in results if r.findings),
            "findings": sum(len(r.findings) for r in results),
            "skipped": len(skipped),
        },
    }


_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
TEXT_WIDTH = 120  # when the output is not a terminal (a file, a pipe, CI logs)


def scan_tables(results: Sequence[ScanResult], notes: Mapping[str, Sequence[str]], skipped: Sequence[Skipped],
                suppressed: int | None = None) -> list:
    """rich renderables: one table per file with findings (long messages wrap, never cut), then notes,
    what was skipped and a summary line."""
    from rich.table import Table
    from rich.text import Text

    out: list = []
    for result in results:
        title = Text(result.path, style="bold")
        detail = result.language
        if result.repair or not result.parsed:
            detail += f", parsed={str(result.parsed).lower()}" + (f", repair={result.repair}" if result.repair else "")
        title.append(f"  {detail}", style="dim")
        if result.findings:
            table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False, expand=False)
            table.add_column("line", justify="right", no_wrap=True)
            table.add_column("severity", no_wrap=True)
            table.add_column("CWE", max_width=18, overflow="fold")
            table.add_column("rule", max_width=36, overflow="fold")
            table.add_column("message", ratio=1, overflow="fold")
            for f in result.findings:
                others = [e.split(":", 1)[1] for e in f.evidence if e.split(":", 1)[1] != f.rule_id]
                rule = Text(f.rule_id)
                for other in others:  # the other rules merged into this finding
                    rule.append(f"\n+ {other}", style="dim")
                table.add_row(str(f.line), Text(f.severity.label, style=_STYLE.get(f.severity.label, "dim")),
                              ", ".join(f.cwe) or "-", rule, f.message)
            out.append(table)
        for note in notes.get(result.path, ()):
            out.append(Text.assemble(("note ", "yellow"), f"{result.path}: {note}"))
    excluded = [s for s in skipped if s.reason.startswith("excluded by")]
    for item in skipped:
        if item not in excluded:
            out.append(Text(f"skipped {item.path}: {item.reason}", style="dim"))
    flagged = sum(1 for r in results if r.findings)
    total = sum(len(r.findings) for r in results)
    summary = f"{len(results)} scanned, {flagged} with findings, {total} findings, {len(skipped) - len(excluded)} skipped"
    if excluded:
        summary += f", {len(excluded)} excluded"
    if suppressed is not None:
        summary += f", {suppressed} in the baseline"
    out.append(Text(summary))
    return out


def print_scan(results, notes, skipped, suppressed=None, console=None) -> None:
    from rich.console import Console

    if console is None:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=TEXT_WIDTH)
    for item in scan_tables(results, notes, skipped, suppressed):
        console.print(item)


def scan_text(results, notes, skipped, suppressed=None) -> str:
    """The text report as plain text (for --output text=FILE)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=TEXT_WIDTH, color_system=None, highlight=False, force_terminal=False)
    print_scan(results, notes, skipped, suppressed, console=console)
    return buffer.getvalue()
