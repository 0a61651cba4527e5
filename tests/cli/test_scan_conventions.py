"""The conventions users bring from Bandit and Semgrep: --exclude, .semgrepignore, baselines, several
outputs, one --format vocabulary, shell completion. Real processes, real engines."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from codeeval.ignore import PathFilter, parse_patterns

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "tests" / "fixtures" / "schemas" / "sarif-2.1.0.json"
# Both engines report os.system with a concatenated argument (Bandit B605, Semgrep's injection rule).
INSECURE = "import os\n\ndef run(name):\n    os.system('ls ' + name)\n"


def codeeval(*args, stdin=None, env=None):
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "codeeval", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=300, cwd=ROOT, check=False)


def scan_json(*args) -> dict:
    proc = codeeval("scan", *args, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for rel in ("src/app.py", "vendor/lib.py", "src/gen/api_pb2.py", "tests/test_app.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(INSECURE)
    return tmp_path


def _paths(doc: dict, root: Path) -> set[str]:
    return {Path(r["path"]).relative_to(root).as_posix() for r in doc["results"]}


@pytest.mark.parametrize("engine", ["bandit", "semgrep"])
def test_semgrepignore_and_exclude_leave_the_same_files_out_of_every_engine(project: Path, engine: str):
    (project / ".semgrepignore").write_text("# generated and vendored code\nvendor/\n*_pb2.py\n")
    doc = scan_json(str(project), "--engine", engine, "--exclude", "tests/")
    assert _paths(doc, project) == {"src/app.py"}
    assert doc["summary"]["findings"] == 1, doc  # the engine ran and saw the file it was given
    excluded = {Path(e["path"]).relative_to(project).as_posix(): e["error"] for e in doc["errors"]}
    assert excluded["vendor"].startswith("excluded by") and ".semgrepignore: vendor/" in excluded["vendor"]
    assert "*_pb2.py" in excluded["src/gen/api_pb2.py"]
    assert excluded["tests"] == "excluded by --exclude (tests/)"
    assert not any(e["executable"] for e in doc["errors"]), "an excluded file is not an unscanned one"


def test_without_the_ignore_file_everything_is_scanned_and_exclude_applies_to_named_files(project: Path):
    (project / ".semgrepignore").write_text("vendor/\n")
    doc = scan_json(str(project), "--no-semgrepignore", "--engine", "bandit")
    assert _paths(doc, project) == {"src/app.py", "vendor/lib.py", "src/gen/api_pb2.py", "tests/test_app.py"}
    named = [str(project / "src/app.py"), str(project / "tests/test_app.py")]
    doc = scan_json(*named, "--engine", "bandit", "-x", "tests/")
    assert _paths(doc, project) == {"src/app.py"}


def test_an_excluded_tree_does_not_fail_a_gate(project: Path):
    proc = codeeval("scan", str(project), "-x", "*.py", "--fail-on", "low")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 scanned" in proc.stdout and "excluded" in proc.stdout


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "excluded"),
    [
        ("vendor/", "vendor", True, True),
        ("vendor/", "vendor", False, False),  # a trailing slash matches directories only
        ("vendor", "a/b/vendor", True, True),  # no slash: any depth
        ("/vendor", "a/vendor", True, False),  # leading slash: anchored at the root
        ("src/*.py", "src/a.py", False, True),
        ("src/*.py", "src/sub/a.py", False, False),  # * stays within one component
        ("src/**/*.py", "src/sub/deep/a.py", False, True),
        ("**/gen", "x/y/gen", True, True),
        ("*_pb2.py", "deep/down/x_pb2.py", False, True),
        ("test_?.py", "test_1.py", False, True),
        ("test_[!0-9].py", "test_1.py", False, False),
        ("\\#hash.py", "#hash.py", False, True),
    ],
)
def test_patterns_follow_gitignore_syntax(pattern: str, path: str, is_dir: bool, excluded: bool):
    rules = PathFilter(tuple(parse_patterns([pattern], "--exclude")))
    assert (rules.reason(path, is_dir) is not None) is excluded


def test_a_negated_pattern_re_includes_and_the_last_match_wins():
    rules = PathFilter(tuple(parse_patterns(["*.py", "!keep.py", "# comment", ""], ".semgrepignore")))
    assert rules.reason("drop.py", False) and rules.reason("keep.py", False) is None
    # A file named directly under an excluded directory is excluded too.
    assert PathFilter(tuple(parse_patterns(["build/"], "--exclude"))).excluded("build/x/y.py")


def test_a_baseline_hides_known_findings_even_after_their_lines_move(tmp_path: Path):
    src = tmp_path / "app.py"
    src.write_text(INSECURE)
    baseline = tmp_path / "baseline.json"
    proc = codeeval("scan", str(src), "--write-baseline", str(baseline), "--fail-on", "low")
    assert proc.returncode == 1  # writing a baseline does not hide anything in that run
    assert len(json.loads(baseline.read_text())["findings"]) == 1

    # Lines added above move the finding from line 4 to line 7: still known.
    src.write_text("import sys\n\n\n" + INSECURE)
    proc = codeeval("scan", str(src), "--baseline", str(baseline), "--fail-on", "low")
    assert proc.returncode == 0, proc.stdout
    assert "0 findings" in proc.stdout and "1 in the baseline" in proc.stdout

    # The same call again, in a new place, is a new finding.
    src.write_text("import sys\n\n\n" + INSECURE + "    os.system('ls ' + name)\n")
    doc = json.loads(codeeval("scan", str(src), "--baseline", str(baseline), "-f", "json").stdout)
    assert [f["line"] for r in doc["results"] for f in r["findings"]] == [8]
    assert doc["summary"]["baseline_suppressed"] == 1
    assert codeeval("scan", str(src), "--baseline", str(baseline), "--fail-on", "low").returncode == 1


def test_a_sarif_report_serves_as_a_baseline(tmp_path: Path):
    src = tmp_path / "app.py"
    src.write_text(INSECURE)
    sarif = tmp_path / "old.sarif"
    assert codeeval("scan", str(src), "-o", f"sarif={sarif}").returncode == 0
    (result,) = json.loads(sarif.read_text())["runs"][0]["results"]
    assert "codeeval/v1" in result["partialFingerprints"]
    src.write_text("# moved\n" + INSECURE)
    assert codeeval("scan", str(src), "--baseline", str(sarif), "--fail-on", "low").returncode == 0


@pytest.mark.parametrize(("content", "message"), [("{}", "not a codeeval baseline"), ("[", "not a readable JSON")])
def test_a_bad_baseline_is_a_usage_error(tmp_path: Path, content: str, message: str):
    bad = tmp_path / "b.json"
    bad.write_text(content)
    proc = codeeval("scan", "-", "--baseline", str(bad), stdin=INSECURE)
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_several_outputs_in_one_scan(tmp_path: Path):
    src = tmp_path / "app.py"
    src.write_text(INSECURE)
    out = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "sarif", "text")}
    proc = codeeval("scan", str(src), *[a for fmt, path in out.items() for a in ("-o", f"{fmt}={path}")])
    assert proc.returncode == 0, proc.stderr
    assert "1 scanned, 1 with findings" in proc.stdout  # standard output still gets --format (text)
    assert json.loads(out["json"].read_text())["summary"]["findings"] == 1
    jsonschema.validate(json.loads(out["sarif"].read_text()), json.loads(SARIF_SCHEMA.read_text()))
    assert "B605" in out["text"].read_text() and "\x1b[" not in out["text"].read_text()

    # A plain FILE replaces standard output, as before.
    proc = codeeval("scan", str(src), "-f", "json", "-o", str(tmp_path / "only.json"), "-o", f"sarif={out['sarif']}")
    assert proc.stdout == "" and json.loads((tmp_path / "only.json").read_text())["results"]
    proc = codeeval("scan", str(src), "-o", "a.json", "-o", "b.json")
    assert proc.returncode == 2 and "one plain FILE at most" in proc.stderr


@pytest.mark.parametrize("command", ["scan", "vet"])
def test_format_names_are_text_json_sarif_and_table_still_works(tmp_path: Path, command: str):
    src = tmp_path / "app.py"
    src.write_text("x = 1\n")
    text = codeeval(command, str(src), "--format", "text")
    assert text.returncode == 0, text.stderr
    assert codeeval(command, str(src), "--format", "table").stdout == text.stdout
    bad = codeeval(command, str(src), "--format", "xml")
    assert bad.returncode == 2 and "text, json, sarif" in bad.stderr


def test_text_tables_wrap_long_messages_instead_of_cutting_them():
    from rich.console import Console

    from codeeval.report.scan import scan_tables
    from codeeval.types import Confidence, Finding, ScanResult, Severity

    message = "a message much longer than the narrow terminal it is printed on, every word of which must survive"
    finding = Finding("semgrep", "some-rule", ("CWE-78",), Severity.HIGH, Confidence.HIGH, 3, 3, message)
    console = Console(width=60, record=True, color_system=None)
    for item in scan_tables([ScanResult("x.py", "python", True, None, (finding,))], {}, []):
        console.print(item)
    shown = console.export_text()
    assert "…" not in shown and max(len(line) for line in shown.splitlines()) <= 60
    words = " ".join(line.split("│")[-1].strip() for line in shown.splitlines())
    assert all(word in words.split() for word in message.split())


def test_shell_completion_script_and_completions():
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = codeeval("--show-completion", "bash", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "complete -o default -F" in proc.stdout and "_COMPLETE=complete_bash" in proc.stdout
    script = subprocess.run([sys.executable, "-m", "codeeval", "--help"], capture_output=True, text=True, cwd=ROOT,
                            check=False)
    assert "--install-completion" in script.stdout

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_CODEEVAL_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split(" ")) - 1)}
        program = "from codeeval.cli import app; app(prog_name='codeeval')"
        proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=60, check=False)
        return proc.stdout.split()

    assert "scan" in complete("codeeval sc")
    assert complete("codeeval scan --format ") == ["text", "json", "sarif"]
