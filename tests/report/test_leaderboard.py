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
