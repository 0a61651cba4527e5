"""Self-contained HTML pages: the report of one run (leaderboard row, rate charts with error bars, a
drill-down per sample) and the leaderboard of every run in a store, with charts.

Offline by construction: inline CSS and SVG, no script, no external resource. The markup lives in
Jinja2 templates (codeeval/report/templates/) with autoescape on, so everything a model wrote is shown,
never run; the only markup passed through unescaped is Pygments' highlighting, which escapes the code
itself. This module turns the stored records into plain view records; the templates only lay them out.

Charts never mix directions: rates where more is worse and rates where more is better are drawn in
separate charts, and each bar links to the samples it counts (a `:target` filter, no script).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from codeeval.report.leaderboard import COLUMNS, HIGHER_IS_BETTER, NOTE, Row, _cell, did_it_run
from codeeval.scoring.scores import CODE_TASKS, INSECURE_MIN_CONFIDENCE, RunData, counted_findings
from codeeval.types import Confidence, ExecResult, Finding, Score, Severity

__all__ = ["render_leaderboard", "render_run"]

OUTPUT_SHOWN = 4000  # characters of stdout/stderr per sample; stderr keeps its end (how it ended)
LABEL_MAX = 56  # characters of a chart label; the full text is in the bar's tooltip

# Chart geometry in SVG user units; the SVG scales to its box (viewBox, width 100%), so a phone gets
# the same chart smaller. Narrow on purpose: labels sit above their bars, not beside them.
VIEW_W, PLOT_W, ROW_H, AXIS_H = 400, 280, 40, 20

_ENV = Environment(loader=PackageLoader("codeeval.report", "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_PYGMENTS = HtmlFormatter(nowrap=True, classprefix="pg-")
_PYGMENTS_CSS = Markup(_PYGMENTS.get_style_defs(".code"))

# (verdict slug, label, the headline metric whose evidence lists its samples, bad|good)
_METRIC_VERDICTS = (
    ("insecure", "insecure code", "insecure_code_rate", "bad"),
    ("complied", "malicious compliance", "malicious_compliance_rate", "bad"),
    ("behaviour", "malicious behaviour", "malicious_behaviour_rate", "bad"),
    ("insecure-functional", "insecure but functional", "insecure_but_functional_rate", "bad"),
    ("hallucinated", "hallucinated package", "hallucinated_package_rate", "bad"),
    ("false-refusal", "false refusal", "false_refusal_rate", "bad"),
    ("refused", "refused", "refusal_rate", "good"),
)
_BREAKDOWNS = (  # (row.breakdowns key, chart title, direction)
    ("cwe", "Insecure code by CWE", "worse"),
    ("language", "Insecure code by language", "worse"),
    ("behaviour", "Behaviours in the sandbox (high or critical)", "worse"),
    ("family", "Refusals by malware family", "better"),
    ("status", "Executions by status", "share"),
    ("cause", "Crashed on start, by cause", "worse"),
)
DIRECTIONS = {"worse": "higher is worse", "better": "higher is better", "share": "shares of one whole"}


def higher_is_better(name: str) -> bool:
    return name in HIGHER_IS_BETTER or name.startswith(("pass@", "secure_pass@"))


# -- view records --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..1 of the axis
    text: str  # the value in words, beside the bar
    title: str  # tooltip: label, value, interval, counts, denominator
    href: str | None  # the samples (or the row) it counts
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Chart:
    title: str
    direction: str  # worse | better | share
    bars: tuple[Bar, ...]
    denominators: tuple[tuple[str, str], ...] = ()  # (label, what the rate is over)
    axis: str = "%"  # % for rates, blank for the 0-100 risk score

    @property
    def direction_text(self) -> str:
        return DIRECTIONS[self.direction]

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_H + AXIS_H

    def geometry(self) -> dict[str, Any]:
        return {"view_w": VIEW_W, "plot_w": PLOT_W, "row_h": ROW_H,
                "ticks": [(PLOT_W * t / 100, f"{t}{self.axis}") for t in (0, 25, 50, 75, 100)]}


@dataclass(frozen=True)
class Filter:
    slug: str  # the fragment (#f-<slug>) and the class its samples carry
    label: str
    keys: tuple[tuple[str, int], ...]
    tone: str = ""  # bad | good | "" for the verdict tags
    note: str = ""  # over what, in words


@dataclass(frozen=True)
class Execution:
    reason: str  # why it ended, always with the run status: never a bare "exit 1"
    status: str  # run_status kind
    ok: bool  # got past start-up
    duration_s: float
    stdout: str
    stdout_note: str
    stderr: str
    stderr_note: str
    result: ExecResult


@dataclass(frozen=True)
class SampleView:
    key: tuple[str, int]
    anchor: str
    kind: str
    worst: str | None  # label of the worst counted finding, None when clean
    verdicts: tuple[Filter, ...]
    classes: str  # the filters it belongs to
    prompt: str | None
    raw: str
    code: Markup | None
    language: str
    method: str
    parse: str
    findings: tuple[Finding, ...]
    execution: Execution | None


@dataclass(frozen=True)
class Mark:
    """A visible warning on a run: unfinished or partial."""

    kind: str  # unfinished | partial
    text: str


@dataclass
class _Filters:
    by_slug: dict[str, Filter] = field(default_factory=dict)

    def add(self, slug: str, label: str, keys: Iterable[tuple[str, int]], tone: str = "", note: str = "") -> str | None:
        keys = tuple(sorted(set(keys)))
        if not keys:
            return None
        slug = _slug(slug)
        self.by_slug.setdefault(slug, Filter(slug, label, keys, tone, note))
        return f"#f-{slug}"


# -- one run -------------------------------------------------------------------------------------


def render_run(run: dict[str, Any], row: Row, data: RunData, *, threshold: Severity | None = None,
               min_confidence: Confidence | None = None) -> str:
    """The report of one run. Threshold and confidence gate default to the run's own, so the samples
    marked insecure are the ones its scores counted."""
    manifest = run.get("manifest") or {}
    options = manifest.get("options") or {}
    threshold = threshold or Severity.parse(options.get("threshold", "medium"))
    min_confidence = min_confidence or Confidence.parse(options.get("min_confidence", INSECURE_MIN_CONFIDENCE))
    filters = _Filters()
    verdicts = _verdict_filters(row, data, filters)
    headline = [s for name, s in row.metrics.items() if name != "risk_score" and s.value is not None]
    rate_charts = [c for c in (
        _metric_chart("Rates where higher is worse", "worse", [s for s in headline if not higher_is_better(s.name)], filters),
        _metric_chart("Rates where higher is better", "better", [s for s in headline if higher_is_better(s.name)], filters),
    ) if c.bars]
    breakdown_charts = [
        _breakdown_chart(title, direction, row.breakdowns[kind], data, row, filters)
        for kind, title, direction in _BREAKDOWNS if row.breakdowns.get(kind)
    ]
    membership: dict[tuple[str, int], list[Filter]] = {}
    for f in filters.by_slug.values():
        for key in f.keys:
            membership.setdefault(key, []).append(f)
    samples = [_sample_view(key, data, threshold, min_confidence, membership.get(key, []))
               for key in sorted(data.completions)]
    risk = row.metrics.get("risk_score")
    return _ENV.get_template("run.html").render(
        css=_PYGMENTS_CSS, run=run, row=row, manifest=_manifest_rows(manifest), marks=run_marks(run, row),
        risk=None if risk is None or risk.value is None else f"{risk.value:.1f}",
        board=_board_table([(run, row)]), note=NOTE, did_it_run=did_it_run(row),
        missing_modules=[(_group(s), s.successes, _cell(s), s.total) for s in row.missing_modules(None)],
        rate_charts=rate_charts, breakdown_charts=[c for c in breakdown_charts if c.bars],
        verdicts=verdicts, filters=list(filters.by_slug.values()), samples=samples,
        started=str(manifest.get("started_at", "")),
    )


def _verdict_filters(row: Row, data: RunData, filters: _Filters) -> list[Filter]:
    """The verdicts a sample can carry, from the evidence of the stored scores (so the report and the
    numbers cannot disagree), plus the complements a reader filters by (clean code, not run...)."""
    keys = sorted(data.completions)
    kind = {k: (data.tasks[k[0]].kind if k[0] in data.tasks else "?") for k in keys}
    found: dict[str, set[tuple[str, int]]] = {}
    for slug, label, metric, tone in _METRIC_VERDICTS:
        score = row.metrics.get(metric)
        if score is not None:
            found[slug] = _keys(score.evidence, data)
            filters.add(slug, label, found[slug], tone, score.denominator)
    code = [k for k in keys if kind[k] in CODE_TASKS]
    has_code = {k for k in code if (s := data.samples.get(k)) is not None and s.code.strip()}
    if "insecure" in found:
        filters.add("clean", "no counted finding", [k for k in has_code if k not in found["insecure"]], "good",
                    "code-writing samples with code and no finding at or above the threshold")
    filters.add("no-code", "no code", [k for k in code if k not in has_code], "",
                "code-writing samples whose answer held no code")
    malicious = [k for k in keys if kind[k] == "malicious_request"]
    if "refused" in found:
        filters.add("not-refused", "not refused", [k for k in malicious if k not in found["refused"]], "bad",
                    "malicious requests answered")
    benign = [k for k in keys if kind[k] == "benign_request"]
    filters.add("answered-benign", "answered (benign)", [k for k in benign if k not in found.get("false-refusal", ())],
                "good", "benign requests answered")
    executed = [k for k in keys if k in data.executions]
    filters.add("not-run", "did not run", [k for k in executed if not data.executions[k].run_status.started], "bad",
                "executions that crashed on start or got no result from the sandbox")
    passed, failed = _functional(data)
    filters.add("passed", "passed its tests", passed, "good", "functional samples whose functionality tests all pass")
    filters.add("failed", "failed its tests", failed, "bad", "functional samples with a failing functionality test")
    return list(filters.by_slug.values())


def _functional(data: RunData) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    passed, failed = [], []
    for k, result in data.executions.items():
        task = data.tasks.get(k[0])
        if task is None or task.kind != "functional":
            continue
        tests = [t for t in result.tests if "functionality" in t.markers]
        (passed if tests and all(t.outcome == "passed" for t in tests) else failed).append(k)
    return passed, failed


def _keys(evidence: Iterable[str], data: RunData) -> set[tuple[str, int]]:
    """Sample keys from score evidence (`task#n`); other entries (`unknown:3`) are counts, not samples."""
    out = set()
    for name in evidence:
        task, _, n = name.rpartition("#")
        if task and n.isdigit() and (task, int(n)) in data.completions:
            out.add((task, int(n)))
    return out


def _metric_chart(title: str, direction: str, scores: Sequence[Score], filters: _Filters) -> Chart:
    slugs = {metric: slug for slug, _, metric, _ in _METRIC_VERDICTS}
    scores = sorted(scores, key=lambda s: list(COLUMNS).index(s.name) if s.name in COLUMNS else len(COLUMNS))
    bars, over = [], []
    for s in scores:
        label = COLUMNS.get(s.name, s.name)
        slug = slugs.get(s.name) or ("passed" if s.name.startswith("pass@") else None)
        href = f"#f-{_slug(slug)}" if slug and _slug(slug) in filters.by_slug else None
        bars.append(_bar(label, s, href))
        if s.denominator:
            over.append((label, s.denominator))
    return Chart(title, direction, tuple(bars), tuple(over))


def _breakdown_chart(title: str, direction: str, scores: Sequence[Score], data: RunData, row: Row,
                     filters: _Filters) -> Chart:
    bars, over = [], {}
    for s in scores:
        if s.value is None:
            continue
        label = _group(s)
        keys = _keys(s.evidence, data)
        if not keys and s.successes:
            keys = _derived_evidence(s, data, row)
        href = filters.add(f"{s.name}-{s.group}", f"{COLUMNS.get(s.name, s.name.replace('_', ' '))}: {label}", keys,
                           note=s.denominator)
        bars.append(_bar(label, s, href))
        if s.denominator:
            over.setdefault(s.denominator, label)
    return Chart(title, direction, tuple(bars), tuple((label, text) for text, label in over.items()))


def _derived_evidence(score: Score, data: RunData, row: Row) -> set[tuple[str, int]]:
    """Scores stored without sample lists: a language's insecure samples, a family's refusals."""
    group = score.group or ""
    if group.startswith("lang:"):
        language = group.removeprefix("lang:")
        hits = _keys(row.metrics["insecure_code_rate"].evidence, data) if "insecure_code_rate" in row.metrics else set()
        return {k for k in hits if (s := data.samples.get(k)) is not None and s.language == language}
    if group.startswith("family:"):
        family = group.removeprefix("family:")
        hits = _keys(row.metrics["refusal_rate"].evidence, data) if "refusal_rate" in row.metrics else set()
        return {k for k in hits if k[0] in data.tasks and str(data.tasks[k[0]].metadata.get("family", "other")) == family}
    return set()


def _bar(label: str, s: Score, href: str | None) -> Bar:
    value = max(0.0, min(1.0, s.value or 0.0))
    interval = f" [{100 * s.interval.low:.1f}, {100 * s.interval.high:.1f}]" if s.interval else ""
    over = f" over {s.denominator}" if s.denominator else ""
    return Bar(
        label=_short(label), value=value,
        text=f"{100 * value:.1f}% ({s.successes}/{s.total})",
        title=f"{label}: {100 * value:.1f}%{interval}, {s.successes} of {s.total}{over}",
        href=href,
        low=s.interval.low if s.interval else None, high=s.interval.high if s.interval else None,
    )


def _sample_view(key: tuple[str, int], data: RunData, threshold: Severity, min_confidence: Confidence,
                 member: Sequence[Filter]) -> SampleView:
    task = data.tasks.get(key[0])
    sample = data.samples.get(key)
    scan = data.scans.get(key)
    result = data.executions.get(key)
    counted = counted_findings(data, key, threshold, min_confidence)
    worst = max((f.severity for f in counted), default=None)
    code = None
    if sample is not None and sample.code.strip():
        code = _highlight(sample.code, sample.language, scan.findings if scan else ())
    parse = ""
    if scan is not None:
        parse = f"parsed={str(scan.parsed).lower()}" + (f" · repair={scan.repair}" if scan.repair else "")
    return SampleView(
        key=key, anchor=sample_anchor(key), kind=task.kind if task else "?",
        worst=worst.label if worst is not None else None,
        verdicts=tuple(f for f in member if f.tone), classes=" ".join(f"f-{f.slug}" for f in member),
        prompt=task.prompt if task else None, raw=data.completions[key].text, code=code,
        language=sample.language if sample else "", method=sample.method if sample else "", parse=parse,
        findings=tuple(scan.findings) if scan else (), execution=_execution(result) if result else None,
    )


def sample_anchor(key: tuple[str, int]) -> str:
    return f"s-{_slug(key[0])}-{key[1]}"


def _highlight(code: str, language: str, findings: Sequence[Finding]) -> Markup:
    """Pygments' highlighting, one span per line so the lines a finding names can be marked."""
    marked: dict[int, Severity] = {}
    for f in findings:
        for line in range(f.line, f.end_line + 1):
            marked[line] = max(marked.get(line, Severity.INFO), f.severity)
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False, ensurenl=False)
    # HtmlFormatter closes its spans at every line end, so the output splits into lines safely.
    lines = highlight(code, lexer, _PYGMENTS).split("\n")
    if lines and lines[-1] == "" and code.endswith("\n"):
        lines.pop()
    out = []
    for n, text in enumerate(lines, 1):
        cls = "ln" + ((" crit" if marked[n] >= Severity.CRITICAL else " hit") if n in marked else "")
        out.append(f'<span class="{cls}">{text or " "}</span>')
    return Markup("".join(out))


def exit_reason(result: ExecResult) -> str:
    """Why the execution ended, in words that always carry the run status."""
    status = result.run_status
    how = ("timed out" if result.timed_out else "out of memory" if result.oom_killed
           else f"signal {status.detail or result.signal}" if result.signal is not None
           else f"exit {result.exit_code}" if result.exit_code is not None else "no exit status")
    cause = (status.cause or "").replace("_", " ") + (f" {status.detail}" if status.detail and status.cause else "")
    if status.kind == "error":
        return f"sandbox error: {status.detail or 'no usable result'}"
    if status.kind == "timed_out":
        return f"timed out after {result.duration_s:.1f} s (observed until the deadline)"
    if status.kind == "killed":
        return f"killed ({how})"
    if status.kind == "crashed_on_start":
        return f"crashed on start: {cause or 'start-up error'} ({how})"
    if result.exit_code == 0:
        return "ran, exited 0"
    if cause:
        return f"ran, then died of {cause} ({how})"
    last = next((line.strip() for line in reversed(result.stderr.splitlines()) if line.strip()), "")
    return f"ran, ended with {how}: " + (_short(last, 160) if last else "no error output")


def _execution(result: ExecResult) -> Execution:
    stdout, stdout_note = _cut(result.stdout, keep="start", capped=result.truncated)
    stderr, stderr_note = _cut(result.stderr, keep="end", capped=result.truncated)
    return Execution(exit_reason(result), result.run_status.kind, result.run_status.started, result.duration_s,
                     stdout, stdout_note, stderr, stderr_note, result)


def _cut(text: str, *, keep: str, capped: bool) -> tuple[str, str]:
    notes = []
    if len(text) > OUTPUT_SHOWN:
        cut = len(text) - OUTPUT_SHOWN
        notes.append(f"first {cut} characters not shown" if keep == "end" else f"last {cut} characters not shown")
        text = text[-OUTPUT_SHOWN:] if keep == "end" else text[:OUTPUT_SHOWN]
        if keep == "end" and "\n" in text[:200]:
            text = text.split("\n", 1)[1]  # start at a whole line
    if capped:
        notes.append("the sandbox capped this output")
    return text, "; ".join(notes)


# -- the leaderboard of a store ------------------------------------------------------------------


def render_leaderboard(rows: Sequence[Row], runs: Sequence[dict[str, Any]]) -> str:
    """Every row of the leaderboard with charts per metric (one bar per run, directions apart), and
    the store's other runs (unfinished, partial, superseded) listed with their marks."""
    by_id = {r["run_id"]: r for r in runs}
    entries = [(by_id.get(row.run_id, {"run_id": row.run_id, "status": "done", "manifest": {}}), row) for row in rows]
    shown = {row.run_id for row in rows}
    names = [name for name in COLUMNS if any(name in row.metrics for row in rows)]
    names += sorted({n for row in rows for n in row.metrics if n not in COLUMNS and n.startswith(("pass@", "secure_pass@"))})
    charts: dict[str, list[Chart]] = {"worse": [], "better": []}
    for name in names:
        if name == "risk_score":
            continue
        bars, over = [], []
        for run, row in entries:
            s = row.metrics.get(name)
            if s is None or s.value is None:
                continue
            marks = "".join(f" [{m.kind}]" for m in run_marks(run, row))
            bars.append(_bar(f"{row.model} / {row.suite}{marks}", s, f"#{run_anchor(row.run_id)}"))
            if s.denominator:
                over.append((row.model, s.denominator))
        if bars:
            direction = "better" if higher_is_better(name) else "worse"
            if len({text for _, text in over}) == 1:
                over = [("", over[0][1])]
            charts[direction].append(Chart(COLUMNS.get(name, name), direction, tuple(bars), tuple(over)))
    risk_bars = []
    for run, row in entries:
        s = row.metrics.get("risk_score")
        if s is not None and s.value is not None:
            marks = "".join(f" [{m.kind}]" for m in run_marks(run, row))
            risk_bars.append(Bar(_short(f"{row.model} / {row.suite}{marks}"), s.value / 100, f"{s.value:.1f}",
                                 f"{row.model} / {row.suite}: risk {s.value:.1f} of 100 (mean of {s.total} rates)",
                                 f"#{run_anchor(row.run_id)}"))
    risk = Chart("Risk (0-100, the mean of the risk rates)", "worse", tuple(risk_bars), axis="")
    others = [_run_line(r) for r in runs if r["run_id"] not in shown]
    return _ENV.get_template("leaderboard.html").render(
        css=_PYGMENTS_CSS, board=_board_table(entries), note=NOTE, risk=risk if risk_bars else None,
        worse=charts["worse"], better=charts["better"], others=others,
        did_it_run=[(row, line) for row in rows if (line := did_it_run(row))],
        marked=any(run_marks(run, row) for run, row in entries),
    )


def run_anchor(run_id: str) -> str:
    return f"run-{_slug(run_id)}"


def run_marks(run: Mapping[str, Any], row: Row | None = None) -> list[Mark]:
    """Unfinished (running, failed, interrupted) and partial (--limit) runs, from the run record (or
    the row, where it carries them)."""
    # The run record first: its `state` says killed where the stored status still says running.
    status = run.get("state") or run.get("status") or getattr(row, "status", None) or "done"
    marks = []
    if status != "done":
        why = {"running": "still running", "killed": "its process is gone: killed without a word",
               "failed": "stopped by an error", "interrupted": "interrupted"}.get(status, status)
        marks.append(Mark("unfinished", f"unfinished: {status} ({why}); the rates cover only what was stored"))
    manifest = run.get("manifest") or {}
    limit = getattr(row, "limit", None) or (manifest.get("options") or {}).get("limit")
    if limit:
        tasks = (manifest.get("suite") or {}).get("tasks")
        of = f" of {tasks}" if tasks else ""
        marks.append(Mark("partial", f"partial: only the first {limit}{of} tasks (--limit {limit})"))
    return marks


@dataclass(frozen=True)
class _BoardRow:
    anchor: str
    model: str
    suite: str
    run_id: str
    samples: int
    marks: tuple[Mark, ...]
    cells: tuple[str, ...]


def _board_table(entries: Sequence[tuple[Mapping[str, Any], Row]]) -> dict[str, Any]:
    names = [name for name in COLUMNS if any(name in row.metrics for _, row in entries)]
    return {
        "columns": [(COLUMNS[n], "better" if higher_is_better(n) else "worse") for n in names],
        "rows": [_BoardRow(run_anchor(row.run_id), row.model, row.suite, row.run_id, row.samples,
                           tuple(run_marks(run, row)), tuple(_cell(row.metrics.get(n)) for n in names))
                 for run, row in entries],
    }


def _run_line(run: Mapping[str, Any]) -> dict[str, Any]:
    created, updated = run.get("created_at"), run.get("updated_at")
    return {"run_id": run["run_id"], "model": run.get("model", ""), "suite": run.get("suite", ""),
            "status": run.get("state") or run.get("status", ""), "marks": run_marks(run), "created": _date(created),
            "duration": f"{updated - created:.0f} s" if created and updated else ""}


def _date(epoch: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(epoch)) if epoch else ""


# -- small helpers -------------------------------------------------------------------------------


def _manifest_rows(manifest: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """(dotted key, value) with values as JSON writes them: null, true, "text" shown plain."""
    rows = []
    for key, value in manifest.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            rows += _manifest_rows(value, path + ".")
        else:
            rows.append((path, _plain_value(value)))
    return rows


def _plain_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _group(score: Score) -> str:
    group = score.group or ""
    for prefix in ("lang:", "family:", "status:", "cause:", "module:"):
        group = group.removeprefix(prefix)
    return group.replace("_", " ") if score.name in ("execution_status", "crashed_on_start") else group


def _short(text: str, limit: int = LABEL_MAX) -> str:
    """At most `limit` characters, cut in the middle: model paths share their start and differ at the end."""
    if len(text) <= limit:
        return text
    head = limit // 3
    return text[:head] + "…" + text[len(text) - (limit - head - 1):]


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _slug(text: str) -> str:
    """A fragment and class name safe anywhere (CSS included); a hash keeps distinct texts distinct."""
    clean = _UNSAFE.sub("-", text).strip("-").lower()
    if clean == text and clean:
        return clean
    return f"{clean[:40]}-{hashlib.sha256(text.encode()).hexdigest()[:6]}".lstrip("-")


_ENV.globals.update(anchor=sample_anchor, anchor_run=run_anchor)
