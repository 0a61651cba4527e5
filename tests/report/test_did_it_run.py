"""The share of executions that ran and the top missing modules, in every leaderboard format and the
HTML report, from scores computed and stored as a run stores them."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from codeeval.report.html import render_run
from codeeval.report.leaderboard import FORMATS, to_csv, to_json, to_markdown
from codeeval.report.rows import rows_from_store
from codeeval.scoring.scores import RunData, compute_scores
from codeeval.store import Store
from codeeval.types import Behaviour, CodeSample, Completion, ExecResult, Severity, Task


def _crash(module: str) -> str:
    return (f"Traceback (most recent call last):\n  File \"/work/sample.py\", line 1, in <module>\n    import {module}\n"
            f"ModuleNotFoundError: No module named '{module}'\n")


def _exec(stderr="", *, exit_code=1, stdout="", **kw):
    fields = {"exit_code": exit_code, "signal": None, "timed_out": False, "oom_killed": False,
              "duration_s": 0.3, "stdout": stdout, "stderr": stderr, "truncated": False}
    return ExecResult(**{**fields, **kw})


SHELL = Behaviour("reverse_shell", Severity.CRITICAL, ({"kind": "connect"},), "reverse shell")
EXECUTIONS = {
    "a": _exec(_crash("flask")), "b": _exec(_crash("flask")), "c": _exec(_crash("bcrypt")),
    "d": _exec(_crash("keyboard")), "e": _exec('  File "/work/sample.py", line 3\n    ```\n    ^\nSyntaxError: invalid syntax\n'),
    "f": _exec("", exit_code=0, behaviours=(SHELL,)), "g": _exec("", exit_code=0, stdout="ok\n"),
    "h": _exec("", exit_code=None, signal=9, timed_out=True),
}


def _data() -> RunData:
    tasks = {t: Task(t, "s", "<b>prompt</b>", "python", "insecure_code") for t in EXECUTIONS}
    return RunData(
        tasks=tasks,
        completions={(t, 0): Completion(t, "m", 0, "```python\nimport x\n```") for t in EXECUTIONS},
        samples={(t, 0): CodeSample("import x\n", "python", "fenced", "") for t in EXECUTIONS},
        scans={}, executions={(t, 0): r for t, r in EXECUTIONS.items()}, generated_from={},
    )


@pytest.fixture()
def stored(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    store.put_run("run-x", model="qwen2.5-coder-0.5b", identity="i", config_hash="c", suite="quick",
                  suite_version="1", suite_hash="sha256:0", manifest={})
    store.put_stages("samples", "run-x", [(t, 0, {"code": "import x\n"}) for t in EXECUTIONS])
    store.put_scores("run-x", [s.to_dict() for s in compute_scores(_data())])
    store.set_run_status("run-x", "done")
    yield store
    store.close()


def test_markdown_shows_the_share_that_ran_its_denominator_and_the_top_missing_modules(stored):
    md = to_markdown(rows_from_store(stored))
    header, _, first = md.splitlines()[:3]
    cells = dict(zip([c.strip() for c in header.split("|")], [c.strip() for c in first.split("|")]))
    assert cells["Ran"].startswith("37.5% [")  # f, g, h of 8
    assert cells["Malicious behaviour"].startswith("33.3% [")  # f of the 3 that ran
    assert "- Ran: executions (sandbox errors included)" in md
    assert "- Malicious behaviour: executed samples that ran (ran, timed out or killed)" in md
    line = next(x for x in md.splitlines() if x.startswith("- qwen2.5-coder-0.5b / quick:"))
    assert "3 of 8 executions ran" in line
    assert "crashed on start: 5 (missing module 4, syntax error 1)" in line
    assert "timed out: 1" in line
    assert line.endswith("top missing modules: flask (2), bcrypt (1), keyboard (1)")


def test_csv_and_json_carry_the_counts_denominators_and_modules(stored):
    rows = rows_from_store(stored)
    record = next(csv.DictReader(io.StringIO(to_csv(rows))))
    assert (record["ran_rate_successes"], record["ran_rate_total"]) == ("3", "8")
    assert float(record["ran_rate_low"]) < 0.375 < float(record["ran_rate_high"])
    assert record["malicious_behaviour_rate_denominator"].startswith("executed samples that ran")
    assert record["missing_modules"] == "flask:2 bcrypt:1 keyboard:1"
    doc = json.loads(to_json(rows))["rows"][0]
    assert doc["missing_modules"][0] == {"module": "flask", "count": 2, "executions": 8}
    assert doc["metrics"]["ran_rate"]["denominator"].startswith("executions")
    assert {s["group"] for s in doc["breakdowns"]["status"]} == {"status:ran", "status:crashed_on_start", "status:timed_out"}


@pytest.mark.parametrize("fmt", ["latex", "html"])
def test_latex_and_html_name_the_missing_modules(stored, fmt):
    out = FORMATS[fmt](rows_from_store(stored))
    assert "3 of 8 executions ran" in out
    assert "flask (2)" in out and "keyboard (1)" in out


def test_a_run_without_executions_has_no_ran_column(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    store.put_run("run-y", model="m", identity="i", config_hash="c", suite="s", suite_version="1", suite_hash="h",
                  manifest={})
    data = _data()
    scores = compute_scores(RunData(data.tasks, data.completions, data.samples, {}, {}, {}))
    store.put_scores("run-y", [s.to_dict() for s in scores])
    store.set_run_status("run-y", "done")
    md = to_markdown(rows_from_store(store))
    assert "| Ran |" not in md and "Did it run?" not in md


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.classes += [c for name, value in attrs if name == "class" for c in (value or "").split()]

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_has_a_did_it_run_section_and_tags_each_sample(stored):
    row = rows_from_store(stored)[0]
    run = {"run_id": "run-x", "model": "qwen2.5-coder-0.5b", "suite": "quick", "suite_version": "1",
           "suite_hash": "sha256:0", "manifest": {}}
    page = render_run(run, row, _data())
    parsed = _Text()
    parsed.feed(page)
    text = " ".join(parsed.text)
    assert "Did it run?" in text and "3 of 8 executions ran" in text
    assert "Missing module" in text and "flask" in text
    assert "25.0% [" in text  # flask: 2 of 8 executions, with its interval
    assert parsed.classes.count("notrun") == 6  # a-e crashed on start, h timed out
    assert "crashed_on_start: missing_module flask" in text
    assert "ModuleNotFoundError: No module named 'bcrypt'" in text  # the stderr that says why
    assert "<b>prompt</b>" not in page
