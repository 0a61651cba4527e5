"""Leaderboard tables: one row per model and suite, each metric with its Wilson interval.

Formatters are plain functions chosen by name (`FORMATS`), all fed the same rows.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from codeeval.types import Score

# Metric name -> column title; the order is the table's column order. Rates where lower is better
# are marked so readers (and --sort) know which way is good.
COLUMNS: dict[str, str] = {
    "risk_score": "Risk",
    "insecure_code_rate": "Insecure code",
    "ran_rate": "Ran",
    "malicious_behaviour_rate": "Malicious behaviour",
    "refusal_rate": "Refusal (malicious)",
    "malicious_compliance_rate": "Malicious compliance",
    "false_refusal_rate": "False refusal (benign)",
    "pass@1": "pass@1",
    "secure_pass@1": "secure-pass@1",
    "insecure_but_functional_rate": "Insecure but functional",
    "hallucinated_package_rate": "Hallucinated packages",
}
HIGHER_IS_BETTER = {"refusal_rate", "pass@1", "secure_pass@1", "ran_rate"}
TOP_MODULES = 5  # missing modules named per row
NOTE = ("Rates in %, with Wilson 95% intervals in brackets; Risk is 0-100, lower is safer. Ran: executions that got "
        "past start-up; behaviour rates are over those.")


UNFINISHED_NOTE = ("Tasks: tasks covered of the suite's; `partial` rows cover only some of them (--limit), "
                   "and rows marked running, killed, failed or interrupted are unfinished runs, scored on what was "
                   "done before they stopped.")


@dataclass(frozen=True)
class Row:
    model: str
    suite: str
    run_id: str
    samples: int
    metrics: dict[str, Score] = field(default_factory=dict)  # headline metrics by name
    breakdowns: dict[str, list[Score]] = field(default_factory=dict)  # "cwe", "behaviour", "language" -> scores
    identity: str = ""  # resolved weights and backend (llamacpp-0.3.36:seqs=8:gguf:sha256:...)
    suite_hash: str = ""
    status: str = "done"  # running | killed | done | failed | interrupted
    tasks: int = 0  # tasks the run covers
    suite_tasks: int = 0  # tasks in the suite it ran on (0: not known)
    limit: int | None = None  # --limit the run was given

    def columns(self) -> list[str]:
        return [name for name in COLUMNS if name in self.metrics]

    @property
    def partial(self) -> bool:
        """Covers only some of its suite's tasks: its rates are not the suite's."""
        return self.limit is not None or (self.suite_tasks > 0 and self.tasks < self.suite_tasks)

    @property
    def finished(self) -> bool:
        return self.status == "done"

    def marks(self) -> list[str]:
        """What a reader must know before comparing this row with others: `partial`, the status of an unfinished run."""
        return (["partial"] if self.partial else []) + ([] if self.finished else [self.status])

    def coverage(self) -> str:
        """`12`, or `3/12 partial`, `12 running`: the Tasks cell."""
        text = f"{self.tasks}/{self.suite_tasks}" if self.partial and self.suite_tasks else str(self.tasks)
        return " ".join([text, *self.marks()])

    def missing_modules(self, limit: int | None = TOP_MODULES) -> list[Score]:
        """Modules the executions died of (on start or later), most frequent first."""
        found = sorted(self.breakdowns.get("missing_module", ()), key=lambda s: (-s.successes, s.group or ""))
        return found[:limit] if limit is not None else found


def short_identity(identity: str) -> str:
    """The backend and a short fingerprint of the weights: `llamacpp-0.3.36 seqs=8 sha256:1d961463`."""
    backend = "transformers"
    rest = identity
    head, _, tail = identity.partition(":")
    if head.startswith("llamacpp-"):
        seqs, _, rest = tail.partition(":")
        backend = f"{head} {seqs}" if seqs.startswith("seqs=") else head
        rest = rest if seqs.startswith("seqs=") else tail
    elif head in ("replay", "openai"):
        backend, rest = head, tail
    rest = rest.removeprefix("gguf:")
    if rest.startswith("sha256:"):
        rest = rest[:15]
    elif rest.startswith("local:"):
        rest = "local:" + rest.removeprefix("local:").removeprefix("sha256:")[:8]
    return f"{backend} {rest}".strip() if rest else backend


def _marked(rows: Sequence[Row]) -> bool:
    return any(row.marks() for row in rows)


def _module(score: Score) -> str:
    return (score.group or "").removeprefix("module:")


def did_it_run(row: Row) -> str | None:
    """One plain line: how many executions ran, what stopped the others, the top missing modules;
    None for a run that executed nothing."""
    ran = row.metrics.get("ran_rate")
    if ran is None or not ran.total:
        return None
    text = f"{ran.successes} of {ran.total} executions ran ({_cell(ran)})"
    causes = [s for s in row.breakdowns.get("cause", ()) if s.successes]
    crashed = sum(s.successes for s in causes)
    if crashed:
        text += f"; crashed on start: {crashed} (" + ", ".join(
            f"{(s.group or '').removeprefix('cause:').replace('_', ' ')} {s.successes}" for s in causes) + ")"
    others = {(s.group or "").removeprefix("status:"): s.successes for s in row.breakdowns.get("status", ())}
    for kind, label in (("timed_out", "timed out"), ("killed", "killed"), ("error", "sandbox errors")):
        if others.get(kind):
            text += f"; {label}: {others[kind]}"
    modules = row.missing_modules()
    if modules:
        text += "; top missing modules: " + ", ".join(f"{_module(s)} ({s.successes})" for s in modules)
    return text


def denominators(rows: Sequence[Row]) -> dict[str, str]:
    """Column -> what its rates are computed over, in words (the part every row shares)."""
    out: dict[str, str] = {}
    for row in rows:
        for name in row.columns():
            text = row.metrics[name].denominator.split(";")[0].strip()
            if text and name not in out:
                out[name] = text
    return out


def sort_rows(rows: Sequence[Row], metric: str) -> list[Row]:
    def key(row: Row) -> tuple[int, float]:
        score = row.metrics.get(metric)
        if score is None or score.value is None:
            return (1, 0.0)
        return (0, -score.value if metric in HIGHER_IS_BETTER else score.value)

    return sorted(rows, key=key)


def _columns(rows: Sequence[Row]) -> list[str]:
    present = {name for row in rows for name in row.metrics}
    return [name for name in COLUMNS if name in present]


def _cell(score: Score | None, *, percent: bool = True) -> str:
    if score is None or score.value is None:
        return "–"
    if score.name == "risk_score":
        return f"{score.value:.1f}"
    value = f"{100 * score.value:.1f}%" if percent else f"{score.value:.3f}"
    if score.interval is not None:
        value += f" [{100 * score.interval.low:.1f}, {100 * score.interval.high:.1f}]"
    return value


def to_markdown(rows: Sequence[Row]) -> str:
    columns = _columns(rows)
    header = ["Model", "Identity", "Suite", "Tasks", "n"] + [COLUMNS[c] for c in columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [row.model, short_identity(row.identity), row.suite, row.coverage(), str(row.samples)]
        cells += [_cell(row.metrics.get(c)) for c in columns]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines += ["", NOTE]
    if _marked(rows):
        lines += ["", UNFINISHED_NOTE]
    over = denominators(rows)
    if over:
        lines += ["", "Each rate is over:"] + [f"- {COLUMNS[c]}: {text}" for c, text in over.items()]
    ran = [(row, did_it_run(row)) for row in rows]
    ran = [(row, line) for row, line in ran if line]
    if ran:
        lines += ["", "Did it run?"] + [f"- {row.model} / {row.suite}: {line}" for row, line in ran]
    return "\n".join(lines) + "\n"


def to_csv(rows: Sequence[Row]) -> str:
    columns = _columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["model", "identity", "suite", "suite_hash", "run_id", "status", "partial", "tasks", "suite_tasks", "limit",
              "samples"]
    for c in columns:
        header += [c, f"{c}_low", f"{c}_high", f"{c}_successes", f"{c}_total", f"{c}_denominator"]
    writer.writerow([*header, "missing_modules"])
    for row in rows:
        line: list[object] = [row.model, row.identity, row.suite, row.suite_hash, row.run_id, row.status,
                              str(row.partial).lower(), row.tasks, row.suite_tasks, "" if row.limit is None else row.limit,
                              row.samples]
        for c in columns:
            s = row.metrics.get(c)
            if s is None:
                line += ["", "", "", "", "", ""]
                continue
            line += [
                "" if s.value is None else f"{s.value:.6f}",
                "" if s.interval is None else f"{s.interval.low:.6f}",
                "" if s.interval is None else f"{s.interval.high:.6f}",
                s.successes, s.total, s.denominator,
            ]
        line.append(" ".join(f"{_module(s)}:{s.successes}" for s in row.missing_modules(None)))
        writer.writerow(line)
    return out.getvalue()


def to_json(rows: Sequence[Row]) -> str:
    return json.dumps(
        {
            "rows": [
                {
                    "model": row.model, "identity": row.identity, "suite": row.suite, "suite_hash": row.suite_hash,
                    "run_id": row.run_id, "status": row.status, "partial": row.partial, "finished": row.finished,
                    "tasks": row.tasks, "suite_tasks": row.suite_tasks, "limit": row.limit, "samples": row.samples,
                    "metrics": {name: score.to_dict() for name, score in row.metrics.items()},
                    "breakdowns": {k: [s.to_dict() for s in v] for k, v in row.breakdowns.items()},
                    "missing_modules": [
                        {"module": _module(s), "count": s.successes, "executions": s.total}
                        for s in row.missing_modules(None)
                    ],
                }
                for row in rows
            ]
        },
        indent=2,
    ) + "\n"


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                  "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def to_latex(rows: Sequence[Row]) -> str:
    columns = _columns(rows)
    spec = "llll r" + " r" * len(columns)
    lines = [
        r"\begin{table}[t]", r"\centering", r"\small", rf"\begin{{tabular}}{{{spec}}}", r"\toprule",
        " & ".join(["Model", "Identity", "Suite", "Tasks", "$n$"] + [_latex(COLUMNS[c]) for c in columns]) + r" \\",
        r"\midrule",
    ]
    for row in rows:
        cells = [_latex(row.model), _latex(short_identity(row.identity)), _latex(row.suite), _latex(row.coverage()),
                 str(row.samples)]
        for c in columns:
            s = row.metrics.get(c)
            if s is None or s.value is None:
                cells.append("--")
            elif c == "risk_score":
                cells.append(f"{s.value:.1f}")
            elif s.interval is not None:
                cells.append(f"{100 * s.value:.1f} {{\\scriptsize [{100 * s.interval.low:.1f}, {100 * s.interval.high:.1f}]}}")
            else:
                cells.append(f"{100 * s.value:.1f}")
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    ran = [(row, did_it_run(row)) for row in rows]
    for row, line in ran:
        if line:
            lines.append(rf"\par\footnotesize {_latex(row.model)} / {_latex(row.suite)}: {_latex(line)}")
    if _marked(rows):
        lines.append(rf"\par\footnotesize {_latex(UNFINISHED_NOTE)}")
    lines += [
        (r"\caption{codeeval leaderboard. Rates in \%, Wilson 95\% intervals in brackets; risk 0--100, lower is safer. "
         r"Ran: executions that got past start-up; behaviour rates are over those.}"),
        r"\end{table}",
    ]
    return "\n".join(lines) + "\n"


def to_html_table(rows: Sequence[Row]) -> str:
    """The leaderboard as an HTML fragment; model names and suites are escaped."""
    columns = _columns(rows)
    head = "".join(f"<th>{html.escape(h)}</th>"
                   for h in ["Model", "Identity", "Suite", "Tasks", "n"] + [COLUMNS[c] for c in columns])
    body = []
    for row in rows:
        cells = [html.escape(row.model), html.escape(short_identity(row.identity)), html.escape(row.suite),
                 html.escape(row.coverage()), str(row.samples)]
        cells += [html.escape(_cell(row.metrics.get(c))) for c in columns]
        # Classes, so a stylesheet can set partial and unfinished rows apart: `partial`, `status-running`...
        marks = " ".join(["partial"] * row.partial + ([] if row.finished else [f"status-{row.status}"]))
        body.append((f'<tr class="{marks}">' if marks else "<tr>") + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<table class="leaderboard"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def html_notes(rows: Sequence[Row]) -> str:
    """What each rate is over, and whether the executions ran, as HTML lists (escaped)."""
    out = [f'<p class="unfinished-note">{html.escape(UNFINISHED_NOTE)}</p>'] if _marked(rows) else []
    over = denominators(rows)
    if over:
        out.append('<p>Each rate is over:</p><ul class="denominators">' + "".join(
            f"<li><b>{html.escape(COLUMNS[c])}</b>: {html.escape(text)}</li>" for c, text in over.items()) + "</ul>")
    ran = [(row, did_it_run(row)) for row in rows]
    items = [f"<li><b>{html.escape(row.model)} / {html.escape(row.suite)}</b>: {html.escape(line)}</li>"
             for row, line in ran if line]
    if items:
        out.append('<p>Did it run?</p><ul class="did-it-run">' + "".join(items) + "</ul>")
    return "".join(out)


def to_html(rows: Sequence[Row]) -> str:
    return (
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>codeeval leaderboard</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:nth-child(-n+4){text-align:left}"
        "tr.partial td,tr[class*=status-] td{background:#fff4e0}"
        "</style></head><body><h1>codeeval leaderboard</h1>"
        + to_html_table(rows)
        + f"<p>{html.escape(NOTE)}</p>"
        + html_notes(rows)
        + "</body></html>\n"
    )


def to_text(rows: Sequence[Row], width: int | None = None) -> str:
    """The leaderboard as a terminal table (rich): long cells wrap, none is cut. `width`: default
    $COLUMNS, else 160."""
    import os

    from rich import box
    from rich.console import Console
    from rich.table import Table

    # Metrics down, runs across: eleven metric columns do not fit a terminal, a few runs do.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", overflow="fold")
    for row in rows:
        table.add_column(row.model, overflow="fold", justify="right")
    for label, cell in (("Identity", lambda r: short_identity(r.identity)), ("Suite", lambda r: r.suite),
                        ("Tasks", Row.coverage), ("n", lambda r: str(r.samples)), ("Run", lambda r: r.run_id)):
        table.add_row(label, *[cell(row) for row in rows])
    table.add_section()
    for c in _columns(rows):
        table.add_row(COLUMNS[c], *[_cell(row.metrics.get(c)) for row in rows])
    out = io.StringIO()
    console = Console(file=out, width=width or int(os.environ.get("COLUMNS") or 160), highlight=False, soft_wrap=False)
    console.print(table)
    notes = [NOTE] + ([UNFINISHED_NOTE] if _marked(rows) else [])
    notes += [f"{row.model} / {row.suite}: {line}" for row in rows if (line := did_it_run(row))]
    for note in notes:
        console.print(note, markup=False)
    return out.getvalue()


FORMATS: dict[str, Callable[[Sequence[Row]], str]] = {
    "md": to_markdown, "text": to_text, "csv": to_csv, "json": to_json, "latex": to_latex, "html": to_html,
}
