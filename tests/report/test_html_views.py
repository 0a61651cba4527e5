"""The pieces of the HTML pages that need no store: why an execution ended, the run marks, the manifest's
values, and escaping in the leaderboard page."""

from __future__ import annotations

import pytest

from codeeval.report.html import _manifest_rows, _slug, exit_reason, render_leaderboard, run_marks
from codeeval.report.leaderboard import Row
from codeeval.scoring.metrics import rate
from codeeval.types import ExecResult, Score


def _exec(stderr="", *, exit_code=1, stdout="", **kw):
    fields = {"exit_code": exit_code, "signal": None, "timed_out": False, "oom_killed": False,
              "duration_s": 2.5, "stdout": stdout, "stderr": stderr, "truncated": False}
    return ExecResult(**{**fields, **kw})


TRACEBACK = 'Traceback (most recent call last):\n  File "/work/s.py", line 1, in <module>\n    import flask\n'


@pytest.mark.parametrize(("result", "reason"), [
    (_exec(TRACEBACK + "ModuleNotFoundError: No module named 'flask'\n"),
     "crashed on start: missing module flask (exit 1)"),
    (_exec(TRACEBACK + "ModuleNotFoundError: No module named 'flask'\n", stdout="started\n"),
     "ran, then died of missing module flask (exit 1)"),
    (_exec("Traceback (most recent call last):\nValueError: bad port\n"), "ran, ended with exit 1: ValueError: bad port"),
    (_exec(""), "ran, ended with exit 1: no error output"),
    (_exec("", exit_code=0), "ran, exited 0"),
    (_exec("", exit_code=None, timed_out=True), "timed out after 2.5 s (observed until the deadline)"),
    (_exec("", exit_code=None, signal=9), "killed (signal SIGKILL)"),
    (_exec("", exit_code=None, oom_killed=True), "killed (out of memory)"),
    (_exec("", exit_code=None, error="container did not start"), "sandbox error: container did not start"),
])
def test_every_execution_says_why_it_ended(result, reason):
    assert exit_reason(result) == reason


def test_unfinished_and_partial_runs_are_marked_from_the_run_record():
    assert run_marks({"status": "done", "manifest": {"options": {"limit": None}}}) == []
    marks = run_marks({"status": "failed", "manifest": {"options": {"limit": 3}, "suite": {"tasks": 12}}})
    assert [m.kind for m in marks] == ["unfinished", "partial"]
    assert "unfinished: failed" in marks[0].text and "first 3 of 12 tasks" in marks[1].text


def test_manifest_values_are_written_as_json_not_python():
    rows = dict(_manifest_rows({"options": {"limit": None, "execute": True, "suite": "quick", "ks": [1, 5]},
                                "tools": {}, "started_at": "2026-12-07T01:00:00Z"}))
    assert rows == {"options.limit": "null", "options.execute": "true", "options.suite": "quick",
                    "options.ks": "[1, 5]", "tools": "{}", "started_at": "2026-12-07T01:00:00Z"}


def test_slugs_are_safe_in_css_and_distinct():
    assert _slug("insecure") == "insecure"
    made = {_slug(t) for t in ("CWE-78", "cwe-78", "a b", "a/b", "<x>", "")}
    assert len(made) == 6 and all(set(s) <= set("abcdefghijklmnopqrstuvwxyz0123456789-_") for s in made)


def test_leaderboard_page_escapes_names_and_marks_runs():
    rows = [Row("evil|model_<b>", "quick", "run-b", 12, {"insecure_code_rate": rate("insecure_code_rate", 6, 8),
                                                          "risk_score": Score("risk_score", 80.0)})]
    runs = [{"run_id": "run-b", "status": "running", "manifest": {}, "model": "evil|model_<b>", "suite": "quick"},
            {"run_id": "run-c", "status": "interrupted", "manifest": {"options": {"limit": 2}}, "model": "<i>m</i>",
             "suite": "quick", "created_at": 1.0, "updated_at": 31.0}]
    page = render_leaderboard(rows, runs)
    assert "model_<b>" not in page and "<i>" not in page and "evil|model_&lt;b&gt;" in page and "&lt;i&gt;m&lt;/i&gt;" in page
    assert page.count('class="badge unfinished"') == 2 and page.count('class="badge partial"') == 1
    assert "30 s" in page and "<script" not in page
