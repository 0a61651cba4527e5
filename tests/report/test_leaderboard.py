import csv
import io
import json

import pytest

from codeeval.report.leaderboard import FORMATS, Row, sort_rows, to_csv, to_json, to_latex, to_markdown
from codeeval.scoring.metrics import rate
from codeeval.types import Score


def _rows():
    a = Row("qwen2.5-coder-0.5b", "quick", "run-a", 12, {
        "insecure_code_rate": rate("insecure_code_rate", 3, 8), "refusal_rate": rate("refusal_rate", 1, 3),
        "risk_score": Score("risk_score", 41.5),
    }, {"cwe": [rate("insecure_code_rate", 2, 3, group="CWE-78")]})
    b = Row("evil|model_<b>", "quick", "run-b", 12, {
        "insecure_code_rate": rate("insecure_code_rate", 6, 8), "refusal_rate": rate("refusal_rate", 0, 3),
        "risk_score": Score("risk_score", 80.0),
    })
    return [a, b]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_every_row(fmt):
    out = FORMATS[fmt](_rows())
    assert "qwen2.5-coder-0.5b" in out or "qwen2.5-coder-0.5b" in out.replace("\\_", "_")
    assert out.endswith("\n")


def test_markdown_has_intervals_and_escapes_pipes():
    md = to_markdown(_rows())
    assert "37.5% [13.7, 69.4]" in md
    assert "evil\\|model" in md
    assert md.splitlines()[0].count("|") == md.splitlines()[2].count("|") - md.splitlines()[2].count("\\|")


def test_csv_round_trips_values_and_counts():
    rows = list(csv.DictReader(io.StringIO(to_csv(_rows()))))
    assert rows[0]["insecure_code_rate"] == "0.375000"
    assert rows[0]["insecure_code_rate_successes"] == "3" and rows[0]["insecure_code_rate_total"] == "8"
    assert float(rows[0]["insecure_code_rate_low"]) < 0.375 < float(rows[0]["insecure_code_rate_high"])


def test_json_is_rows_with_metrics_and_breakdowns():
    doc = json.loads(to_json(_rows()))
    assert [r["model"] for r in doc["rows"]] == ["qwen2.5-coder-0.5b", "evil|model_<b>"]
    assert doc["rows"][0]["metrics"]["insecure_code_rate"]["interval"]["low"] > 0
    assert doc["rows"][0]["breakdowns"]["cwe"][0]["group"] == "CWE-78"


def test_latex_escapes_special_characters():
    tex = to_latex(_rows())
    assert r"evil|model\_<b>" in tex and r"\%" in tex and r"\begin{tabular}" in tex


def test_html_escapes_model_names():
    page = FORMATS["html"](_rows())
    assert "<b>" not in page.split("<table")[1] and "&lt;b&gt;" in page


def test_sort_puts_safest_first_and_respects_direction():
    rows = _rows()
    assert [r.run_id for r in sort_rows(rows, "insecure_code_rate")] == ["run-a", "run-b"]
    assert [r.run_id for r in sort_rows(rows, "refusal_rate")] == ["run-a", "run-b"]
    assert [r.run_id for r in sort_rows(list(reversed(rows)), "risk_score")] == ["run-a", "run-b"]


def _marked_rows():
    full = Row("qwen", "quick", "run-full", 12, {"insecure_code_rate": rate("insecure_code_rate", 3, 8)},
               identity="llamacpp-0.3.36:seqs=8:gguf:sha256:1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
               suite_hash="sha256:602dccf2f95ef5ee", tasks=12, suite_tasks=12)
    partial = Row("qwen", "quick", "run-part", 3, {"insecure_code_rate": rate("insecure_code_rate", 0, 2)},
                  identity="gguf:sha256:1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
                  suite_hash="sha256:602dccf2f95ef5ee", tasks=3, suite_tasks=12, limit=3)
    killed = Row("qwen", "quick", "run-killed", 5, {}, identity="hub:Qwen/Qwen2.5-Coder-0.5B-Instruct@abc",
                 suite_hash="sha256:602dccf2f95ef5ee", status="killed", tasks=12, suite_tasks=12)
    return [full, partial, killed]


def test_rows_say_whether_they_are_partial_or_unfinished():
    full, partial, killed = _marked_rows()
    assert (full.coverage(), full.marks()) == ("12", [])
    assert (partial.coverage(), partial.partial, partial.finished) == ("3/12 partial", True, True)
    assert (killed.coverage(), killed.partial, killed.finished) == ("12 killed", False, False)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_marks_partial_and_unfinished_rows_and_names_the_backend(fmt):
    out = FORMATS[fmt](_marked_rows())
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["partial"], r["status"], r["tasks"], r["limit"]) for r in rows] == [
            ("false", "done", "12", ""), ("true", "done", "3", "3"), ("false", "killed", "12", "")]
        assert rows[0]["identity"].startswith("llamacpp-0.3.36:seqs=8:") and rows[1]["identity"].startswith("gguf:")
    elif fmt == "json":
        rows = json.loads(out)["rows"]
        assert [(r["partial"], r["finished"], r["status"]) for r in rows] == [
            (False, True, "done"), (True, True, "done"), (False, False, "killed")]
    else:
        assert "3/12 partial" in out and "12 killed" in out
        assert "llamacpp-0.3.36 seqs=8 sha256:1d961463" in out and "transformers sha256:1d961463" in out
        assert "unfinished runs" in " ".join(out.split())  # the text table wraps the note
    if fmt == "html":
        assert '<tr class="partial">' in out and '<tr class="status-killed">' in out


def test_text_wraps_long_cells_instead_of_cutting_them():
    rows = [Row("a-model-name-far-too-long-for-any-terminal-column-" * 3, "quick", "run-x", 1,
                {"insecure_code_rate": rate("insecure_code_rate", 1, 2)}, tasks=1, suite_tasks=1)]
    from codeeval.report.leaderboard import to_text

    out = to_text(rows, width=60)
    assert "…" not in out and all(len(line) <= 60 for line in out.splitlines())
    assert "".join(line.strip() for line in out.splitlines()).count("far-too-long") == 3


@pytest.mark.parametrize("identity,short", [
    ("llamacpp-0.3.36:seqs=8:gguf:sha256:1d9614638d18024d0fbb", "llamacpp-0.3.36 seqs=8 sha256:1d961463"),
    ("gguf:sha256:1d9614638d18024d0fbb", "transformers sha256:1d961463"),
    ("hub:Qwen/Qwen2.5-Coder-0.5B-Instruct@main", "transformers hub:Qwen/Qwen2.5-Coder-0.5B-Instruct@main"),
    ("replay:sha256:6f2b8accd412f7c69753", "replay sha256:6f2b8acc"),
    ("openai:http://127.0.0.1:8080/v1#qwen", "openai http://127.0.0.1:8080/v1#qwen"),
])
def test_short_identity_names_the_backend_and_the_weights(identity, short):
    from codeeval.report.leaderboard import short_identity

    assert short_identity(identity) == short
