"""`codeeval scan` as a user runs it: a real process, real engines."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "fixtures" / "schemas" / "sarif-2.1.0.json"

INSECURE = "import os\n\ndef run(name):\n    os.system('ls ' + name)\n"
CLEAN = "def add(a, b):\n    return a + b\n"


def codeeval(*args, stdin=None):
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    return subprocess.run(
        [sys.executable, "-m", "codeeval", *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("tree")
    (root / "bad.py").write_text(INSECURE)
    (root / "good.py").write_text(CLEAN)
    (root / "blob.bin.py").write_bytes(b"\x00\x01\x02")
    (root / "README.md").write_text("docs\n")
    return root


@pytest.fixture(scope="module")
def json_report(tree):
    proc = codeeval("scan", str(tree), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_json_report_has_the_documented_shape(json_report):
    assert set(json_report) >= {"results", "errors", "tools"}
    assert set(json_report["tools"]) >= {"bandit", "semgrep", "rules"}
    for result in json_report["results"]:
        assert set(result) >= {"path", "language", "parsed", "repair", "findings"}
        for finding in result["findings"]:
            assert set(finding) >= {"engine", "rule_id", "cwe", "severity", "confidence", "line", "end_line", "message"}


def test_json_report_flags_the_insecure_file_only(json_report):
    by_name = {Path(r["path"]).name: r for r in json_report["results"]}
    assert set(by_name) == {"bad.py", "good.py"}
    assert any(f["line"] == 4 and "CWE-78" in f["cwe"] for f in by_name["bad.py"]["findings"])
    assert not [f for f in by_name["good.py"]["findings"] if f["severity"] in ("medium", "high", "critical")]


def test_files_not_scanned_are_listed_with_reasons(json_report):
    errors = {Path(e["path"]).name: e["error"] for e in json_report["errors"]}
    assert "binary" in errors["blob.bin.py"]
    assert "README.md" in errors


def test_fail_on_sets_exit_status(tree):
    # a shell command built from a variable of unknown origin is a medium finding
    assert codeeval("scan", str(tree / "bad.py"), "--fail-on", "medium").returncode == 1
    assert codeeval("scan", str(tree / "bad.py"), "--fail-on", "critical").returncode == 0
    assert codeeval("scan", str(tree / "good.py"), "--fail-on", "low").returncode == 0


def test_fail_on_fails_on_what_could_not_be_scanned_unless_allowed(tmp_path):
    # Found by adversarial testing: a NUL made a shell script "binary", and `--fail-on low` passed it.
    script = tmp_path / "deploy.sh"
    script.write_bytes(b"#!/bin/bash\nrm -rf ~\n# \0\n")
    assert codeeval("scan", str(script), "--fail-on", "low").returncode == 1
    blob = tmp_path / "tool.sh"
    blob.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(32))
    failed = codeeval("scan", str(blob), "--fail-on", "low")
    assert failed.returncode == 1 and "not scanned in full" in failed.stderr
    assert codeeval("scan", str(blob), "--fail-on", "low", "--allow-unscanned").returncode == 0
    assert codeeval("scan", str(blob)).returncode == 0  # no gate asked for: a report only


def test_standard_input_is_scanned(tree):
    proc = codeeval("scan", "-", "--format", "json", "--language", "python", stdin=INSECURE)
    report = json.loads(proc.stdout)
    assert report["results"][0]["path"] == "<stdin>"
    assert any("CWE-78" in f["cwe"] for f in report["results"][0]["findings"])


@pytest.mark.parametrize(
    "args,needle",
    [
        (["scan", "/definitely/missing.py"], "no such file"),
        (["scan", "x.py", "--fail-on", "severe"], "--fail-on"),
        (["scan", "-", "--language", "cobol"], "unsupported language"),
        (["scan", "x.py", "--format", "xml"], "xml"),
        (["scan", "x.py", "--engine", "pylint"], "unknown engine"),
    ],
)
def test_usage_errors_exit_2_with_one_line_and_no_traceback(args, needle):
    proc = codeeval(*args, stdin="")
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_sarif_output_is_valid_sarif_2_1_0(tree):
    proc = codeeval("scan", str(tree), "--format", "sarif")
    assert proc.returncode == 0, proc.stderr
    sarif = json.loads(proc.stdout)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert run["results"], "the insecure file must produce results"
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert run["invocations"][0]["toolExecutionNotifications"], "skipped files are reported"


def test_sarif_schema_rejects_a_broken_document():
    schema = json.loads(SCHEMA.read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"results": []}]}, schema)
