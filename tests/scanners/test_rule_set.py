"""The rule set as codeeval loads it: every rule parses in the engine codeeval runs, and follows
the conventions the reports rely on."""

import collections
import re
from pathlib import Path

import pytest
import yaml

from codeeval.scanners import ScanInput, scan
from codeeval.scanners.semgrep import rule_files, rules_dir

RULES = rules_dir()
FILES = rule_files(RULES)
TEST_SUFFIX = {"python": ".py", "bash": ".sh", "javascript": ".js"}
SEVERITIES = {"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}


def _rules():
    for path in FILES:
        for rule in yaml.safe_load(path.read_text())["rules"]:
            yield path, rule


def test_every_rule_loads_in_the_engine_codeeval_runs():
    # A rule that only the legacy front end accepts (YAML aliases, say) would fail every scan.
    result = scan([ScanInput("probe", "x = 1\n", "python")])[0]
    assert result.errors == ()


def test_rule_ids_are_unique_and_dot_free():
    ids = [rule["id"] for _, rule in _rules()]
    duplicates = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert not duplicates
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", i) for i in ids)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_rule_file_holds_one_rule_with_metadata_and_a_test_file(path: Path):
    rules = yaml.safe_load(path.read_text())["rules"]
    assert len(rules) == 1
    rule = rules[0]
    assert rule["id"] == path.stem
    assert rule["severity"] in SEVERITIES
    meta = rule["metadata"]
    for key in ("cwe", "confidence", "likelihood", "impact", "references", "category"):
        assert meta.get(key), f"{path.name}: metadata.{key} missing"
    assert all(re.match(r"CWE-\d+", c) for c in meta["cwe"])
    assert meta["category"] in ("security", "malicious")
    if meta["category"] == "malicious":
        assert meta.get("codeeval-class") == "malicious"
    language = rule["languages"][0]
    test_file = path.with_suffix(TEST_SUFFIX.get(language, ".py"))
    assert test_file.exists(), f"no test file for {path.name}"
    text = test_file.read_text()
    assert f"ruleid: {rule['id']}" in text, "at least one positive case"
    assert f"ok: {rule['id']}" in text, "at least one negative case (a safe look-alike)"
