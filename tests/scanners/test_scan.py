"""The scan stage against the real Bandit and Semgrep."""

import os
import subprocess

import pytest

from codeeval.scanners import ScanConfig, ScanInput, scan, scan_code, tool_versions
from codeeval.scanners import bandit as bandit_engine
from codeeval.types import Severity

FRAGMENT = (
    "        user = request.args['user']\n"
    "        cur.execute(\"SELECT * FROM users WHERE name = '%s'\" % user)\n"
    "        os.system('finger ' + user)\n"
    "    return cur.fetchall()\n"
)

SAMPLES = [
    ScanInput("shell", "import os\n\ndef run(name):\n    os.system('ls ' + name)\n", "python"),
    ScanInput("fragment", FRAGMENT, "python"),
    ScanInput("clean", "import json\n\ndef load(p):\n    with open(p) as f:\n        return json.load(f)\n", "python"),
    ScanInput("broken", "def f(:\n    eval(input())\n", "python"),
    ScanInput("bash", "#!/bin/bash\ncurl -s http://example.com/install.sh | sh\n", "bash"),
    ScanInput("js", "const { exec } = require('child_process');\nexec('ls ' + req.query.dir);\n", "javascript"),
    ScanInput("ruby", "puts 'hi'\n", "ruby"),
]


@pytest.fixture(scope="module")
def results():
    return {r.path: r for r in scan(SAMPLES)}


def test_results_come_back_in_input_order():
    out = scan(SAMPLES[:3])
    assert [r.path for r in out] == ["shell", "fragment", "clean"]


def test_command_injection_is_found_by_both_engines_and_merged(results):
    findings = [f for f in results["shell"].findings if "CWE-78" in f.cwe]
    assert len(findings) == 1
    assert findings[0].engine == "bandit+semgrep"
    assert findings[0].line == 4
    assert any(e.startswith("bandit:") for e in findings[0].evidence)
    assert any(e.startswith("semgrep:") for e in findings[0].evidence)


def test_fragment_is_repaired_and_findings_point_at_original_lines(results):
    result = results["fragment"]
    assert result.parsed is True and "wrap_function" in result.repair
    by_cwe = {c: f.line for f in result.findings for c in f.cwe}
    assert by_cwe["CWE-89"] == 2
    assert by_cwe["CWE-78"] == 3
    assert any(f.engine.startswith("bandit") for f in result.findings), "bandit must see the repaired fragment"


def test_clean_code_has_no_finding_above_low(results):
    assert all(f.severity <= Severity.LOW for f in results["clean"].findings)


def test_unparseable_code_still_gets_semgrep_findings(results):
    result = results["broken"]
    assert result.language == "python"
    assert any("CWE-95" in f.cwe or "CWE-94" in f.cwe for f in result.findings)


def test_bash_and_javascript_are_scanned_by_semgrep(results):
    assert any(f.severity >= Severity.HIGH for f in results["bash"].findings)
    assert any("CWE-78" in f.cwe for f in results["js"].findings)
    assert all(f.engine == "semgrep" for f in results["js"].findings)


def test_unsupported_language_is_reported_not_dropped(results):
    assert results["ruby"].errors and "ruby" in results["ruby"].errors[0]


def test_findings_are_normalised(results):
    for result in results.values():
        for f in result.findings:
            assert set(f.engine.split("+")) <= {"bandit", "semgrep", "capabilities"}
            assert all(c.startswith("CWE-") and c[4:].isdigit() for c in f.cwe)
            assert 1 <= f.line <= f.end_line
            assert f.message


def test_a_small_batch_runs_one_semgrep_process_and_bandit_in_process(monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    inputs = [ScanInput(f"s{i}", f"import os\nos.system('x' + a{i})\n", "python") for i in range(25)]
    out = scan(inputs)
    engines = sorted("bandit" if "bandit" in " ".join(map(str, c)) else "semgrep" for c in calls)
    assert engines == ["semgrep"]
    assert all(any("CWE-78" in f.cwe for f in r.findings) for r in out)
    assert all(any("bandit" in f.engine for f in r.findings) for r in out)


def test_a_large_batch_runs_at_most_one_bandit_process_per_core(monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    monkeypatch.setattr(bandit_engine, "_PROCESS_MIN_BYTES", 64)  # so a small test batch splits like a big one
    inputs = [ScanInput(f"s{i}", f"import os\nos.system('x' + a{i})\n" * 3, "python") for i in range(bandit_engine.IN_PROCESS_MAX_FILES + 6)]
    out = scan(inputs, ScanConfig(engines=("bandit",)))
    assert 1 <= len(calls) <= (os.cpu_count() or 1)
    assert all(len(r.findings) == 3 for r in out)


def test_bandit_in_process_and_as_processes_report_the_same_findings(monkeypatch):
    codes = [
        "import os\nos.system('ls ' + name)\n", "import pickle\npickle.loads(b)\n",
        "import hashlib\nhashlib.md5(b'x')  # nosec\n", "def broken(:\n", "import yaml\nyaml.load(open(p))\n",
        "import subprocess\nsubprocess.call(cmd, shell=True)\nassert x\n", "from Crypto.Cipher import AES\n",
    ]
    inputs = [ScanInput(str(i), c, "python") for i, c in enumerate(codes)]
    config = ScanConfig(engines=("bandit",), repair=False)
    in_process = scan(inputs, config)
    monkeypatch.setattr(bandit_engine, "IN_PROCESS_MAX_FILES", 0)
    processes = scan(inputs, config)
    assert in_process == processes
    assert [f.rule_id for f in in_process[2].findings] == ["B324"]  # the model's nosec does not silence it
    assert not in_process[3].parsed


def test_nosec_comments_written_by_the_model_do_not_hide_findings():
    result = scan_code("import os\nos.system('ls ' + name)  # nosec # nosemgrep\n")
    assert any("CWE-78" in f.cwe for f in result.findings)


def test_single_engine_can_be_chosen():
    result = scan_code("import os\nos.system('ls ' + name)\n", config=ScanConfig(engines=("bandit",)))
    assert result.findings and all(f.engine == "bandit" for f in result.findings)


def test_tool_versions_name_engines_and_rule_hash():
    versions = tool_versions()
    assert set(versions) == {"bandit", "semgrep", "capabilities", "rules"}
    assert versions["rules"].startswith("sha256:")
