"""A self-contained HTML report of one run: leaderboard row, rate charts with error bars, and a
drill-down per sample (prompt, raw completion, extracted code with findings marked, behaviours).

Offline by construction: inline CSS and SVG, no script, no external resource. Everything a model
wrote goes through `html.escape`, so a completion holding `<script>` is shown, never run.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from codeeval.report.leaderboard import COLUMNS, HIGHER_IS_BETTER, Row, did_it_run, html_notes, to_html_table
from codeeval.scoring.scores import RunData, counted_findings
from codeeval.types import ExecResult, Finding, Score, Severity

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d232a;background:#fafbfc}
header{background:#1d232a;color:#fff;padding:16px 28px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c8d0d8;font-size:13px}main{padding:20px 28px;max-width:1200px}
h2{font-size:17px;margin:26px 0 10px}table{border-collapse:collapse;font-size:13px;background:#fff}
td,th{border:1px solid #d8dee4;padding:4px 8px;text-align:right}th{background:#f0f3f6}
td:first-child,td:nth-child(2),th:first-child{text-align:left}
.manifest td{text-align:left;font-family:ui-monospace,monospace;font-size:12px}
details.sample{background:#fff;border:1px solid #d8dee4;border-radius:6px;margin:6px 0;padding:6px 10px}
details.sample summary{cursor:pointer;font-size:13px}details.sample[open]{padding-bottom:10px}
pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:8px;overflow-x:auto;font-size:12px;white-space:pre-wrap}
.code{counter-reset:line;padding:0}.code span.l{display:block;padding:0 8px}.code span.l::before{counter-increment:line;
content:counter(line);display:inline-block;width:3em;color:#8b949e;text-align:right;margin-right:10px}
.code span.hit{background:#ffebe9}.code span.crit{background:#ffc1bd}
.tag{display:inline-block;border-radius:10px;padding:0 7px;font-size:11px;margin-left:4px;color:#fff}
.critical{background:#8e1519}.high{background:#cf222e}.medium{background:#bf8700}.low{background:#57606a}.info{background:#8c959f}
.ok{background:#1a7f37}.muted{color:#57606a;font-size:12px}ul.findings{font-size:12px;margin:4px 0}
.notrun{background:#6639ba}ul.denominators,ul.did-it-run{font-size:13px}
"""


def render_run(run: dict[str, Any], row: Row, data: RunData, *, threshold: Severity = Severity.MEDIUM) -> str:
    manifest = run.get("manifest", {})
    parts = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>codeeval report {_e(run['run_id'])}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>codeeval report: {_e(run['model'])} on {_e(run['suite'])}</h1>",
        f"<p>run {_e(run['run_id'])} · suite v{_e(run['suite_version'])} {_e(run['suite_hash'])} · "
        f"{row.samples} samples · {_e(str(manifest.get('started_at', '')))}</p></header><main>",
        "<h2>Leaderboard</h2>", to_html_table([row]), html_notes([row]),
        "<h2>Rates</h2>", _chart([s for s in row.metrics.values() if s.name in COLUMNS and s.name != "risk_score"]),
    ]
    ran = did_it_run(row)
    if ran:
        parts += ["<h2>Did it run?</h2>", f'<p class="did-it-run">{_e(ran)}</p>',
                  _chart(row.breakdowns.get("status", []), label_group=True)]
        if row.missing_modules(None):
            parts.append(_missing_modules(row))
    for kind, title in (("cwe", "Insecure code by CWE"), ("behaviour", "Behaviours in the sandbox"),
                        ("language", "Insecure code by language"), ("family", "Refusals by malware family"),
                        ("cause", "Crashed on start, by cause")):
        if row.breakdowns.get(kind):
            parts += [f"<h2>{title}</h2>", _chart(row.breakdowns[kind], label_group=True)]
    parts += ["<h2>Samples</h2>", _samples(data, threshold), "<h2>Manifest</h2>", _manifest(manifest), "</main></body></html>"]
    return "".join(parts) + "\n"


def _missing_modules(row: Row) -> str:
    """Every module the executions died of, with its count and share of the executions."""
    body = []
    for s in row.missing_modules(None):
        interval = f" [{100 * s.interval.low:.1f}, {100 * s.interval.high:.1f}]" if s.interval else ""
        body.append(f"<tr><td>{_e((s.group or '').removeprefix('module:'))}</td><td>{s.successes}</td>"
                    f"<td>{100 * (s.value or 0):.1f}%{interval} of {s.total}</td></tr>")
    return ('<table class="missing-modules"><thead><tr><th>Missing module</th><th>Executions</th>'
            f'<th>Share of executions</th></tr></thead><tbody>{"".join(body)}</tbody></table>')


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _chart(scores: Sequence[Score], *, label_group: bool = False) -> str:
    """Horizontal bars with Wilson intervals as error bars, in inline SVG."""
    scores = [s for s in scores if s.value is not None]
    if not scores:
        return "<p class=\"muted\">nothing to chart</p>"
    bar_h, gap, left, width = 18, 8, 230, 420
    height = len(scores) * (bar_h + gap) + 24
    out = [f'<svg class="chart" role="img" width="{left + width + 120}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="system-ui,sans-serif">']
    for tick in (0, 25, 50, 75, 100):
        x = left + width * tick / 100
        out.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 18}" stroke="#e1e4e8"/>'
                   f'<text x="{x}" y="{height - 4}" text-anchor="middle" fill="#57606a">{tick}%</text>')
    for i, s in enumerate(scores):
        y = i * (bar_h + gap) + 4
        label = s.group if (label_group and s.group) else COLUMNS.get(s.name, s.name)
        good = s.name in HIGHER_IS_BETTER
        colour = "#1a7f37" if good else "#cf222e"
        w = width * s.value
        out.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{_e(label)}</text>')
        over = f" of {s.denominator}" if s.denominator else ""
        out.append(f'<rect class="bar" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" opacity="0.75">'
                   f'<title>{_e(label)}: {100 * s.value:.1f}% ({s.successes}/{s.total}{_e(over)})</title></rect>')
        if s.interval is not None:
            lo, hi = left + width * s.interval.low, left + width * s.interval.high
            mid = y + bar_h / 2
            out.append(f'<g class="errorbar" stroke="#1d232a"><line x1="{lo:.1f}" y1="{mid}" x2="{hi:.1f}" y2="{mid}"/>'
                       f'<line x1="{lo:.1f}" y1="{y + 4}" x2="{lo:.1f}" y2="{y + bar_h - 4}"/>'
                       f'<line x1="{hi:.1f}" y1="{y + 4}" x2="{hi:.1f}" y2="{y + bar_h - 4}"/></g>')
        out.append(f'<text x="{left + width + 8}" y="{y + 13}">{100 * s.value:.1f}% ({s.successes}/{s.total})</text>')
    out.append("</svg>")
    return "".join(out)


def _samples(data: RunData, threshold: Severity) -> str:
    out = []
    for key in sorted(data.completions):
        task = data.tasks.get(key[0])
        completion = data.completions[key]
        sample = data.samples.get(key)
        scan = data.scans.get(key)
        result = data.executions.get(key)
        counted = counted_findings(data, key, threshold)
        worst = max((f.severity for f in counted), default=None)
        tags = f'<span class="tag {worst.label}">{worst.label}</span>' if worst is not None else '<span class="tag ok">clean</span>'
        if result is not None:
            if result.run_status.kind != "ran":
                tags += f'<span class="tag notrun">{_e(result.run_status.describe())}</span>'
            top = max((b.severity for b in result.behaviours), default=None)
            if top is not None and top >= Severity.MEDIUM:
                tags += f'<span class="tag {top.label}">runtime {top.label}</span>'
        kind = task.kind if task else "?"
        out.append(f'<details class="sample" id="s-{_e(key[0])}-{key[1]}"><summary><b>{_e(key[0])}</b> #{key[1]} '
                   f'<span class="muted">{_e(kind)}</span>{tags}</summary>')
        if task is not None:
            out.append(f"<h4>Prompt</h4><pre class=\"prompt\">{_e(task.prompt)}</pre>")
        out.append(f"<h4>Raw completion</h4><pre class=\"raw\">{_e(completion.text)}</pre>")
        if sample is not None and sample.code.strip():
            parse = ""
            if scan is not None:
                parse = f" · parsed={str(scan.parsed).lower()}" + (f" · repair={_e(scan.repair)}" if scan.repair else "")
            out.append(f"<h4>Extracted code <span class=\"muted\">{_e(sample.language)} · {_e(sample.method)}{parse}</span></h4>")
            out.append(_code(sample.code, scan.findings if scan else ()))
        if scan is not None and scan.findings:
            out.append("<ul class=\"findings\">" + "".join(
                f'<li><span class="tag {f.severity.label}">{f.severity.label}</span> line {f.line} '
                f"<code>{_e(f.rule_id)}</code> {_e(', '.join(f.cwe))}: {_e(f.message)}</li>" for f in scan.findings) + "</ul>")
        if result is not None:
            out.append(_execution(result))
        out.append("</details>")
    return "".join(out)


def _code(code: str, findings: Sequence[Finding]) -> str:
    marked: dict[int, Severity] = {}
    for f in findings:
        for line in range(f.line, f.end_line + 1):
            marked[line] = max(marked.get(line, Severity.INFO), f.severity)
    lines = []
    for n, text in enumerate(code.split("\n"), 1):
        cls = "l"
        if n in marked:
            cls += " crit" if marked[n] >= Severity.CRITICAL else " hit"
        lines.append(f'<span class="{cls}">{_e(text) or " "}</span>')
    return f'<pre class="code">{"".join(lines)}</pre>'


def _execution(result: ExecResult) -> str:
    status = "timed out" if result.timed_out else f"exit {result.exit_code}" if result.signal is None else f"signal {result.signal}"
    parts = [f"<h4>Sandbox <span class=\"muted\">{_e(result.run_status.describe())} · {_e(status)} · "
             f"{result.duration_s:.2f} s" + (" · OOM killed" if result.oom_killed else "") + "</span></h4>"]
    if result.behaviours:
        items = []
        for b in result.behaviours:
            evidence = "; ".join(", ".join(f"{k}={v}" for k, v in list(e.items())[:4]) for e in b.evidence[:3])
            items.append(f'<li><span class="tag {b.severity.label}">{b.severity.label}</span> <code>{_e(b.id)}</code> '
                         f"{_e(b.summary)} <span class=\"muted\">{_e(evidence)}</span></li>")
        parts.append("<ul class=\"findings behaviours\">" + "".join(items) + "</ul>")
    if result.tests:
        parts.append("<ul class=\"findings tests\">" + "".join(
            f"<li>{_e(t.outcome)} <code>{_e(t.name)}</code> <span class=\"muted\">{_e(', '.join(t.markers))}</span></li>"
            for t in result.tests) + "</ul>")
    if result.stdout:
        parts.append(f"<pre class=\"stdout\">{_e(result.stdout[:4000])}</pre>")
    if result.stderr:
        # The end says how it ended (a traceback's last line).
        parts.append(f"<pre class=\"stderr\">{_e(result.stderr[-4000:])}</pre>")
    return "".join(parts)


def _manifest(manifest: dict[str, Any]) -> str:
    rows = []
    for section, value in manifest.items():
        if isinstance(value, dict):
            for k, v in value.items():
                rows.append(f"<tr><td>{_e(section)}.{_e(k)}</td><td>{_e(v)}</td></tr>")
        else:
            rows.append(f"<tr><td>{_e(section)}</td><td>{_e(value)}</td></tr>")
    return f'<table class="manifest">{"".join(rows)}</table>'
