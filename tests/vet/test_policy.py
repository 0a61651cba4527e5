"""The vet policy: the shipped default, partial team policies, allow-lists and validation errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import codeeval
from codeeval.policy import (
    Policy,
    PolicyError,
    default_policy,
    load_policy,
    parse_policy,
    policy_schema,
)
from codeeval.types import Severity

from .conftest import ROOT, SAMPLES


def test_shipped_default_policy_blocks_malicious_and_high_behaviours_and_warns_on_medium():
    policy = default_policy()
    assert policy.block_categories == ("malicious",)
    assert policy.finding_warn is Severity.MEDIUM
    assert policy.behaviour_block is Severity.HIGH
    assert "reverse_shell" in policy.always_block
    assert policy.allow == ()
    assert policy.digest.startswith("sha256:")


def test_a_partial_policy_keeps_the_default_for_what_it_leaves_out():
    policy = parse_policy({"findings": {"block": "high"}})
    assert policy.finding_block is Severity.HIGH
    assert policy.finding_warn is Severity.MEDIUM
    assert policy.always_block == default_policy().always_block
    assert policy.digest != default_policy().digest


def test_stricter_policy_blocks_yaml_load_and_md5_passwords():
    for name in ("yaml_load", "md5_password"):
        verdict = codeeval.vet(SAMPLES[name][1], policy={"findings": {"block": "high"}})
        assert verdict.verdict == "block", name
        assert "block threshold (high)" in verdict.reasons[0].why


def test_allow_list_with_justification_accepts_the_finding_and_says_why():
    policy = {"allow": [{"rule": "B324", "justification": "MD5 here is a cache key, never a password"},
                        {"rule": "python-weak-hash-password", "justification": "same line, same cache key"}]}
    verdict = codeeval.vet(SAMPLES["md5_password"][1], policy=policy)
    assert verdict.verdict == "allow"
    assert verdict.reasons[0].effect == "allow"
    assert "cache key" in verdict.reasons[0].why
    assert verdict.findings, "allowed findings are still listed"


def test_allowing_one_engine_rule_does_not_hide_a_malicious_rule_on_the_same_line():
    # exec(base64...) is reported by bandit B102 and by the malicious Semgrep rule, merged into one finding.
    policy = {"allow": [{"rule": "bandit:B102", "justification": "exec is used by our plugin loader"}]}
    verdict = codeeval.vet(SAMPLES["exec_base64"][1], policy=policy)
    assert verdict.verdict == "block"


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"allow": [{"rule": "B324"}]}, "justification is required"),
        ({"allow": [{"rule": "B324", "justification": "   "}]}, "justification is required"),
        ({"allow": [{"justification": "because"}]}, "'rule' must name a rule id"),
        ({"allow": "B324"}, "allow: expected a list"),
        ({"findings": {"warn": "severe"}}, "findings.warn: 'severe'"),
        ({"findings": {"warn": "high", "block": "medium"}}, "warn must not be stricter than block"),
        ({"findings": {"blok": "high"}}, "unknown key 'findings.blok'"),
        ({"behaviours": {"always_block": ["reverse-shell"]}}, "unknown behaviour id 'reverse-shell'"),
        ({"languages": ["cobol"]}, "languages: 'cobol'"),
        ({"findings": {"block_categories": ["evil"]}}, "block_categories: 'evil'"),
        ({"unparsed": "maybe"}, "unparsed: 'maybe'"),
        ({"version": 2}, "version: 2 is not supported"),
        ({"thresholds": {}}, "unknown key 'thresholds'"),
        (["allow"], "expected a mapping"),
    ],
)
def test_invalid_policies_are_rejected_with_a_message_naming_the_key(doc, message):
    with pytest.raises(PolicyError, match="policy <request>: .*" + _escape(message)):
        parse_policy(doc)


def _escape(text: str) -> str:
    import re

    return re.escape(text)


def test_policy_file_errors_name_the_file(tmp_path: Path):
    bad = tmp_path / "team.yaml"
    bad.write_text("findings: [unclosed\n")
    with pytest.raises(PolicyError, match=f"policy {bad}: not valid YAML at line"):
        load_policy(bad)
    with pytest.raises(PolicyError, match="no such file"):
        load_policy(tmp_path / "missing.yaml")


def test_empty_policy_file_is_the_default(tmp_path: Path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing to change\n")
    policy = load_policy(empty)
    assert isinstance(policy, Policy)
    assert policy.digest == default_policy().digest


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("allow:\n  - rule: B311\n", "allow[0] (B311): a justification is required"),
        ("behaviours:\n  block: huge\n", "behaviours.block: 'huge'"),
    ],
)
def test_cli_rejects_an_invalid_policy_with_one_line_and_exit_2(tmp_path: Path, text: str, message: str):
    policy = tmp_path / "policy.yaml"
    policy.write_text(text)
    sample = tmp_path / "ok.py"
    sample.write_text("print('hi')\n")
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", "--policy", str(policy), str(sample)],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_unanalysed_input_is_blocked_by_default_and_a_policy_may_only_soften_it_to_warn():
    from codeeval.policy import PolicyError, default_policy, parse_policy

    assert default_policy().unanalysed == "block"
    assert parse_policy({"unanalysed": "warn"}).unanalysed == "warn"
    with pytest.raises(PolicyError, match="never allowed"):
        parse_policy({"unanalysed": "allow"})


@pytest.mark.parametrize(
    ("doc", "loosened"),
    [
        ({"findings": {"block": "high"}}, []),
        ({"findings": {"warn": "low"}, "behaviours": {"block": "medium"}}, []),
        ({"behaviours": {"always_block": ["network.egress"]}}, ["behaviours.always_block"]),  # replaces the list
        ({"languages": ["python"]}, []),
        ({"findings": {"block": "off"}}, ["findings.block"]),
        ({"findings": {"block_categories": []}}, ["findings.block_categories"]),
        ({"findings": {"min_confidence": "high"}}, ["findings.min_confidence"]),
        ({"behaviours": {"always_block": []}}, ["behaviours.always_block"]),
        ({"unanalysed": "warn", "unparsed": "allow"}, ["unparsed", "unanalysed"]),
        ({"allow": [{"rule": "B605", "justification": "we trust it"}]}, ["allow"]),
    ],
)
def test_loosenings_name_every_setting_a_policy_relaxes(doc: dict, loosened: list[str]):
    from codeeval.policy import default_policy, loosenings, parse_policy

    found = loosenings(parse_policy(doc), default_policy())
    assert [f.split(":", 1)[0] for f in found] == loosened


@pytest.mark.parametrize("rule", ["B324", "bandit:B324", "python-weak-hash-password", "semgrep:python-weak-hash-password"])
def test_an_allow_entry_naming_either_of_two_merged_rules_accepts_the_finding(rule: str):
    # MD5 of a password is reported by Bandit B324 and by a Semgrep rule, merged into one finding; an
    # entry naming one of them used to do nothing (every rule had to be named).
    default = codeeval.vet(SAMPLES["md5_password"][1])
    (finding,) = [f for f in default.findings if "bandit:B324" in f.evidence]
    assert len(finding.evidence) == 2 and default.verdict == "warn"
    verdict = codeeval.vet(SAMPLES["md5_password"][1], policy={"allow": [{"rule": rule, "justification": "a cache key"}]})
    assert verdict.verdict == "allow"
    assert f"({rule})" in verdict.reasons[0].why


def test_the_policy_schema_is_generated_from_the_model_and_agrees_with_validation():
    import jsonschema
    import yaml

    schema = policy_schema()
    assert schema["additionalProperties"] is False
    shipped = yaml.safe_load((ROOT / "codeeval" / "data" / "default-policy.yaml").read_text())
    jsonschema.validate(shipped, schema)
    team = {"findings": {"block": "high"}, "allow": [{"rule": "B311", "justification": "shuffling fixtures"}]}
    jsonschema.validate(team, schema)
    parse_policy(team)
    for bad in ({"findings": {"warn": "severe"}}, {"allow": [{"rule": "B311"}]}, {"thresholds": {}},
                {"behaviours": {"always_block": ["reverse-shell"]}}, {"unanalysed": "allow"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
        with pytest.raises(PolicyError):
            parse_policy(bad)


def test_a_boolean_version_is_a_typo_not_version_1():
    with pytest.raises(PolicyError, match=r"version: True is not supported"):
        parse_policy({"version": True})
