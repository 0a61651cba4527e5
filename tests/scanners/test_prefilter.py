"""A rule's `codeeval-prefilter` only skips files the rule cannot match, and `codeeval-scope:
public-functions` only hides methods from rules whose sources cannot lie in one: on every corpus the
project keeps, the findings with both equal the findings of the same rules without them."""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from codeeval.scanners import ScanConfig, ScanInput, analyse, prefilter
from codeeval.scanners.semgrep import rules_dir

ROOT = Path(__file__).resolve().parents[2]
QUALITY = ROOT / "benchmarks" / "quality"

RULE = """rules:
  - id: {id}
    languages: [python]
    severity: HIGH
    message: m
    metadata:
      {extra}
    pattern: os.system(...)
"""


def _rules(tmp_path: Path, extras: dict[str, str]) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    for rule_id, extra in extras.items():
        (folder / f"{rule_id}.yaml").write_text(RULE.format(id=rule_id, extra=extra or "cwe: []"))
    return folder


def _targets(tmp_path: Path, texts: dict[str, str]) -> list[Path]:
    out = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
        out.append(tmp_path / name)
    return out


def test_a_prefiltered_rule_lists_the_files_with_every_regex_and_a_rule_none_needs_is_left_out(tmp_path):
    rules = _rules(tmp_path, {"plain": "", "shell": "codeeval-prefilter: ['system', 'shell']",
                              "never": "codeeval-prefilter: nowhere"})
    files = _targets(tmp_path, {"s0.py": "os.system(shell)", "s1.py": "os.system(x)"})
    plan = prefilter.plan(rules, files, tmp_path / "rules0.yaml")
    assert plan.config == tmp_path / "rules0.yaml" and plan.targets == files
    written = {r["id"]: r for r in json.loads(plan.config.read_text())["rules"]}
    assert set(written) == {"plain", "shell"}
    assert "paths" not in written["plain"] and written["shell"]["paths"] == {"include": ["s0.py"]}


def test_a_prefilter_is_searched_in_lowercase_and_one_not_lowercase_or_not_a_regex_narrows_nothing(tmp_path):
    rules = _rules(tmp_path, {"lower": "codeeval-prefilter: 'popen'", "upper": "codeeval-prefilter: 'Popen'",
                              "invalid": "codeeval-prefilter: 'popen('", "number": "codeeval-prefilter: 3"})
    files = _targets(tmp_path, {"s0.py": "subprocess.Popen(x)", "s1.py": "print(x)"})
    written = {r["id"]: r for r in json.loads(prefilter.plan(rules, files, tmp_path / "r.yaml").config.read_text())["rules"]}
    assert written["lower"]["paths"] == {"include": ["s0.py"]}
    assert not any("paths" in written[rule] for rule in ("upper", "invalid", "number"))


def test_nothing_is_rewritten_when_no_rule_can_be_skipped_or_names_could_be_misread(tmp_path):
    rules = _rules(tmp_path, {"shell": "codeeval-prefilter: system"})
    assert prefilter.plan(rules, _targets(tmp_path, {"s0.py": "os.system(x)"}), tmp_path / "r.yaml").config == rules
    odd = _targets(tmp_path, {"s[1].py": "print()", "s2.py": "os.system(x)"})
    assert prefilter.plan(rules, odd, tmp_path / "r.yaml").config == rules
    assert not (tmp_path / "r.yaml").exists()


METHODS = """import os


class Job:
    @property
    def name(self):
        return "job"

    def run(self, cmd):
        def inner(arg):
            os.system(arg)
        return inner(cmd)

    @staticmethod
    def build(cmd):
        os.system(cmd)


def run(cmd):
    os.system(cmd)


def _helper(a):
    def nested(b):
        os.system(b)
    return nested
"""


def test_the_public_functions_copy_replaces_every_method_and_keeps_every_line_where_it_was():
    copy = prefilter.public_functions(METHODS)
    assert copy is not None and len(copy.splitlines()) == len(METHODS.splitlines())
    compile(copy, "copy", "exec")
    kept = [n for n, (a, b) in enumerate(zip(METHODS.splitlines(), copy.splitlines(), strict=True), 1) if a == b and a]
    assert "def name" not in copy and "inner" not in copy and copy.count("pass") == 2
    for text in ("def build(cmd):", "def run(cmd):", "def nested(b):", "class Job:"):
        line = next(n for n, t in enumerate(METHODS.splitlines(), 1) if text in t)
        assert line in kept, text
    assert prefilter.public_functions("def broken(:\n") is None


def test_the_copy_counts_lines_as_python_does_with_form_feeds_and_lone_carriage_returns():
    code = "import os\x0c\n\nclass A:\r    def m(self):\r        return 1\r\ndef run(cmd):\n    os.system(cmd)\n"
    copy = prefilter.public_functions(code)
    assert copy == "import os\x0c\n\nclass A:\r    pass\r\r\ndef run(cmd):\n    os.system(cmd)\n"
    compile(copy, "copy", "exec")


def test_a_public_functions_rule_reads_the_copy_and_its_findings_keep_their_lines(tmp_path):
    rules = _rules(tmp_path, {"plain": "", "scoped": "codeeval-scope: public-functions"})
    config = ScanConfig(engines=("semgrep",), rules_dir=rules)
    [result] = analyse([ScanInput("a", METHODS, "python")], config)
    found = sorted((f.rule_id, f.line) for f in result.findings)
    lines = [n for n, t in enumerate(METHODS.splitlines(), 1) if "os.system" in t]
    assert [line for rule, line in found if rule == "plain"] == lines
    # the method's call is hidden from the scoped rule; the static method's, the function's and the
    # private function's nested one are where they are
    assert [line for rule, line in found if rule == "scoped"] == lines[1:]


def test_semgrep_skips_a_rule_on_the_files_its_prefilter_rules_out(tmp_path):
    rules = _rules(tmp_path, {"plain": "", "shell": "codeeval-prefilter: shell"})
    code = "import os\nos.system(cmd)\n"
    config = ScanConfig(engines=("semgrep",), rules_dir=rules)
    results = analyse([ScanInput("a", code + "# shell\n", "python"), ScanInput("b", code, "python")], config)
    assert sorted(f.rule_id for f in results[0].findings) == ["plain", "shell"]
    assert [f.rule_id for f in results[1].findings] == ["plain"]


HANDLERS = """import os
from flask import Flask, request

app = Flask(__name__)


def helper(value):
    os.system(value)


@app.route("/run")
def run():
    os.system(request.args["cmd"])


class Jobs:
    def start(self, cmd):
        os.system(cmd)
"""

TAINT = """rules:
  - id: from-request
    languages: [python]
    severity: HIGH
    message: m
    metadata:
      codeeval-scope: finding-functions
      codeeval-functions:
        sources: 'request\\s*\\.'
        imported-as: 'request|flask'
    mode: taint
    pattern-sources:
      - pattern: request.args
    pattern-sinks:
      - pattern: os.system(...)
"""

SOURCES = re.compile(r"request\s*\.")
SINKS = re.compile(r"system")
IMPORTED = re.compile("request|flask")


def test_a_finding_functions_copy_keeps_only_the_functions_with_a_source_every_line_where_it_was():
    copy = prefilter.finding_functions(HANDLERS, SOURCES, None, IMPORTED)
    assert copy is not None and len(copy.splitlines()) == len(HANDLERS.splitlines())
    compile(copy, "copy", "exec")
    assert "def helper" not in copy and "def start" not in copy and "request.args" in copy
    assert "@app.route" in copy and "from flask import Flask, request" in copy


def test_a_finding_functions_copy_keeps_only_the_functions_with_a_sink_and_all_code_outside_them():
    code = "import os\nx = 1\n\ndef a():\n    return 1\n\ndef b(v):\n    os.system(v)\n"
    copy = prefilter.finding_functions(code, None, SINKS, IMPORTED)
    assert copy == "import os\nx = 1\n\npass\n\n\ndef b(v):\n    os.system(v)\n"


def test_finding_functions_reads_the_file_whole_or_not_at_all_when_functions_cannot_be_told_apart():
    # a source outside every function reaches the functions that read it
    assert prefilter.finding_functions("from flask import request\nCMD = request.args\n" + HANDLERS,
                                       SOURCES, None, IMPORTED) is None
    # a source under another name is a source the regex cannot see
    assert prefilter.finding_functions(HANDLERS.replace("Flask, request", "Flask, request as rq"),
                                       SOURCES, None, IMPORTED) is None
    assert prefilter.finding_functions("def broken(:\n", SOURCES, None, IMPORTED) is None
    # no source anywhere: nothing for the rule to read; a sink outside functions still has to be read
    assert prefilter.finding_functions("import os\ndef f(v):\n    os.system(v)\n", SOURCES, None, IMPORTED) == ""
    assert prefilter.finding_functions("import os\nos.system(x)\ndef f():\n    pass\n", None, SINKS, IMPORTED) \
        == "import os\nos.system(x)\npass\n\n"


def test_semgrep_carries_module_level_taint_into_functions_and_the_scope_keeps_that_finding(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text(TAINT)
    config = ScanConfig(engines=("semgrep",), rules_dir=folder)
    module_level = "import os\nfrom flask import request\nCMD = request.args\n\ndef run():\n    os.system(CMD)\n"
    in_function = HANDLERS
    unscoped = ScanConfig(engines=("semgrep",), rules_dir=_without_prefilters(tmp_path, folder))
    for code, line in ((module_level, 6), (in_function, 13)):
        scoped_lines = [f.line for f in analyse([ScanInput("a", code, "python")], config)[0].findings]
        assert scoped_lines == [line]
        assert [f.line for f in analyse([ScanInput("a", code, "python")], unscoped)[0].findings] == scoped_lines


def test_a_finding_functions_rule_skips_a_file_with_no_source_and_reads_the_copy_of_one_with_some(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text(TAINT)
    files = _targets(tmp_path, {"s0.py": HANDLERS, "s1.py": "import os\ndef f(v):\n    os.system(v)\n"})
    plan = prefilter.plan(folder, files, tmp_path / "r.json")
    [rule] = json.loads(plan.config.read_text())["rules"]
    assert rule["paths"] == {"include": ["s0.functions-0.py"]}
    assert plan.original(str(tmp_path / "s0.functions-0.py")) == str(files[0])


def _without_prefilters(tmp_path: Path, rules: Path | None = None) -> Path:
    copy = tmp_path / "unfiltered"
    shutil.copytree(rules or rules_dir(), copy)
    for path in copy.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", []):
            for key in (prefilter.KEY, prefilter.SCOPE, prefilter.FUNCTIONS):
                (rule.get("metadata") or {}).pop(key, None)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return copy


def _corpora() -> list[ScanInput]:
    sys.path.insert(0, str(QUALITY))
    from malicious_recall import CORPORA, load

    from codeeval.extract import extract

    out = [ScanInput(f"paired:{p.name}", p.read_text(encoding="utf-8"), "python")
           for p in sorted((QUALITY / "paired").rglob("*.py"))]
    for name, folder in CORPORA.items():
        for answer in load(folder):
            sample = extract(answer.text, answer.language)
            if sample.code.strip():
                out.append(ScanInput(f"{name}:{answer.id}", sample.code, sample.language))
    fragments = ROOT / "tests" / "fixtures" / "fragments" / "fragments.jsonl"
    for line in fragments.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            out.append(ScanInput(f"fragment:{entry['id']}", entry["code"], "python"))
    for path in sorted((ROOT / "rules").rglob("*.py")):
        out.append(ScanInput(f"rule-test:{path.name}", path.read_text(encoding="utf-8"), "python"))
    return out


@pytest.mark.slow
def test_prefilters_change_no_finding_on_the_corpora(tmp_path):
    inputs = _corpora()
    workspace = tmp_path / "ws"
    workspace.mkdir()
    files = _targets(workspace, {f"s{i}.py": item.code for i, item in enumerate(inputs) if item.language == "python"})
    plan = prefilter.plan(rules_dir(), files, tmp_path / "rules.yaml")
    written = json.loads(plan.config.read_text())["rules"]
    skipped = [r for r in written if len(r.get("paths", {}).get("include", files)) < len(files)]
    # or the comparison below would prove nothing
    assert len(skipped) >= 20, "few rules were skipped on any file"
    assert len(plan.copies) >= 20, "few files had a method to hide"

    def records(config: ScanConfig | None = None) -> list:
        results = analyse(inputs, config) if config else analyse(inputs)
        return [(r.parsed, sorted((f.engine, f.rule_id, f.line, f.end_line, f.severity.label, f.confidence.label)
                                  for f in r.findings)) for r in results]

    assert records() == records(ScanConfig(rules_dir=_without_prefilters(tmp_path)))


def _case(tree: ast.Module, lines: list[str], line: int) -> str:
    """The imports of a test file and the top-level statement holding `line`: what a file with that one
    case would contain."""
    parts = [ast.get_source_segment("\n".join(lines), n) or "" for n in tree.body
             if isinstance(n, ast.Import | ast.ImportFrom)]
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        if first <= line <= (node.end_lineno or node.lineno):
            parts.append("\n".join(lines[first - 1:node.end_lineno]))
    return "\n".join(parts)


def test_every_case_a_prefiltered_rule_must_find_has_what_its_prefilter_needs():
    needs = prefilter.load(rules_dir()).needs
    written = [r["id"] for r in prefilter.load(rules_dir()).rules if prefilter.KEY in (r.get("metadata") or {})]
    assert sorted(needs) == sorted(written), "a prefilter with an upper-case letter is ignored"
    assert len(needs) >= 20
    checked = 0
    for rule_id, regexes in needs.items():
        test_file = next((ROOT / "rules").rglob(f"{rule_id}.py"))
        text = test_file.read_text(encoding="utf-8")
        lines = text.split("\n")
        tree = ast.parse(text)
        for n, line in enumerate(lines, start=1):
            if re.search(rf"#\s*ruleid:.*\b{re.escape(rule_id)}\b", line):
                case = _case(tree, lines, n + 1)
                missing = [r.pattern for r in regexes if not r.search(case.lower())]
                assert not missing, f"{rule_id}: the case at {test_file.name}:{n + 1} lacks {missing}"
                checked += 1
    assert checked >= 3 * len(needs)
