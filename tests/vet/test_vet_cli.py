"""`codeeval vet` through the real command line: verdicts, exit status, formats, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .conftest import ROOT, SAMPLES

EXIT = {"allow": 0, "block": 1, "warn": 3}
EXT = {"python": ".py", "bash": ".sh"}
SARIF_SCHEMA = ROOT / "tests" / "fixtures" / "schemas" / "sarif-2.1.0.json"


def vet(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codeeval", "vet", *args], check=False, capture_output=True,
                          text=True, input=stdin, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("vet-corpus")
    for name, (language, code, _) in SAMPLES.items():
        (root / f"{name}{EXT[language]}").write_text(code)
    return root


@pytest.mark.slow
def test_each_sample_gets_its_verdict_and_exit_status_from_one_run_over_the_folder(corpus: Path):
    proc = vet("--format", "json", str(corpus))
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["verdict"] == "block"
    verdicts = {Path(f["path"]).stem: f["verdict"] for f in doc["files"]}
    assert verdicts == {name: expected for name, (_, _, expected) in SAMPLES.items()}
    # every top-level reason, finding and behaviour says which file it belongs to
    assert {r["path"] for r in doc["reasons"]} <= {f["path"] for f in doc["files"]}
    assert all("path" in f for f in doc["findings"])
    assert doc["behaviours"] == []
    assert doc["policy"]["name"] == "default"


@pytest.mark.parametrize("name", ["rm_rf_home", "yaml_load", "sorting", "bash_curl_sh"])
def test_single_file_exit_status_follows_the_verdict(corpus: Path, name: str):
    language, _, expected = SAMPLES[name]
    proc = vet(str(corpus / f"{name}{EXT[language]}"))
    assert proc.returncode == EXIT[expected], proc.stdout + proc.stderr
    assert f"verdict: {expected}" in proc.stdout
    assert proc.stdout.splitlines()[0].startswith(expected.upper())


def test_table_shows_rule_cwe_line_and_why_for_a_block(corpus: Path):
    proc = vet(str(corpus / "reverse_shell.py"))
    assert proc.returncode == 1
    assert "python-reverse-shell-socket-dup2" in proc.stdout
    assert "CWE-506" in proc.stdout
    assert "line 4" in proc.stdout
    assert "malicious-class finding" in proc.stdout


def test_fail_on_block_lets_a_warning_pass(corpus: Path):
    assert vet("--fail-on", "block", str(corpus / "yaml_load.py")).returncode == 0
    assert vet("--fail-on", "block", str(corpus / "curl_pipe_sh.py")).returncode == 1


def test_standard_input_is_vetted(corpus: Path):
    proc = vet("--format", "json", "-", stdin=SAMPLES["exec_base64"][1])
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["files"][0]["path"] == "<stdin>"
    assert doc["reasons"][0]["id"] == "python-exec-decoded-payload"
    proc = vet("--language", "bash", "-", stdin=SAMPLES["bash_reverse_shell"][1])
    assert proc.returncode == 1 and "bash-reverse-shell-dev-tcp" in proc.stdout


def test_sarif_output_is_valid_and_carries_the_verdicts(corpus: Path):
    proc = vet("--format", "sarif", str(corpus / "curl_pipe_sh.py"), str(corpus / "json_io.py"))
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    run = sarif["runs"][0]
    assert [v["verdict"] for v in run["properties"]["verdicts"]] == ["block", "allow"]
    assert any(r["ruleId"] == "bash-curl-pipe-shell" for r in run["results"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/file.py"], "no such file or directory"),
        (["--format", "xml", "x.py"], "xml"),
        (["--policy", "/nonexistent/policy.yaml", "README.md"], "no such file"),
        (["--language", "cobol", "-"], "unsupported language"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args: list[str], message: str):
    proc = vet(*args, stdin="")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_folder_with_nothing_to_vet_is_a_usage_error(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("just words\n")
    proc = vet(str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nothing to vet" in proc.stderr


def test_help_documents_the_exit_status():
    proc = vet("--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "0 allow, 1 block, 3 warn" in text and "2 usage error" in text


def test_pre_commit_hook_runs_codeeval_vet_on_python_shell_and_javascript():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "codeeval-vet")
    assert hook["entry"] == "codeeval vet"
    assert hook["language"] == "python"
    # types_or: a file of any of these types (plain `types` would demand all three at once)
    assert set(hook["types_or"]) == {"python", "shell", "javascript"}
    assert {"id", "name", "entry", "language"} <= set(hook)
