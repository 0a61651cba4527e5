"""codeeval.vet(): verdicts, reasons, thread safety and the warm engines behind them."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import codeeval
from codeeval.scanners import ScanConfig, ScanInput, scan
from codeeval.vet import Verdict, Vetter

from .conftest import BENIGN, HOSTILE, SAMPLES, WEAK


@pytest.fixture(scope="module")
def vetter():
    v = Vetter()
    yield v
    v.close()


@pytest.mark.parametrize("name", list(SAMPLES))
def test_default_policy_gives_the_expected_verdict(name):
    language, code, expected = SAMPLES[name]
    verdict = codeeval.vet(code, language)
    assert isinstance(verdict, Verdict)
    assert verdict.verdict == expected, [(r.id, r.effect, r.why) for r in verdict.reasons]


@pytest.mark.parametrize("name", HOSTILE)
def test_blocking_reasons_name_the_rule_cwe_line_and_why(name):
    language, code, _ = SAMPLES[name]
    verdict = codeeval.vet(code, language)
    blocking = [r for r in verdict.reasons if r.effect == "block"]
    assert blocking
    for reason in blocking:
        assert reason.kind == "finding"
        assert reason.category == "malicious"
        assert reason.cwe and all(c.startswith("CWE-") for c in reason.cwe)
        assert 1 <= reason.line <= code.count("\n") + 1
        assert "malicious" in reason.why
    assert any(f.rule_id == blocking[0].id for f in verdict.findings)


def test_rm_rf_inside_os_system_is_found_by_scanning_the_command_as_shell():
    verdict = codeeval.vet(SAMPLES["rm_rf_home"][1])
    reason = next(r for r in verdict.reasons if r.effect == "block")
    assert reason.id == "bash-rm-rf-root-or-home"
    assert reason.line == 4  # the os.system line in the Python file, not line 1 of the command
    assert "os.system()" in reason.message


@pytest.mark.parametrize("name", WEAK)
def test_weaknesses_warn_with_their_cwe(name):
    verdict = codeeval.vet(SAMPLES[name][1])
    assert [r.effect for r in verdict.reasons] == ["warn"]
    assert verdict.reasons[0].cwe


@pytest.mark.parametrize("name", BENIGN)
def test_benign_code_is_allowed_with_no_reasons(name):
    language, code, _ = SAMPLES[name]
    verdict = codeeval.vet(code, language)
    assert verdict.verdict == "allow"
    assert verdict.reasons == ()
    assert verdict.parsed


def test_verdict_is_frozen_and_serialises_to_json():
    verdict = codeeval.vet(SAMPLES["yaml_load"][1])
    with pytest.raises(AttributeError):
        verdict.verdict = "allow"  # type: ignore[misc]
    doc = json.loads(json.dumps(verdict.to_dict()))
    assert {"verdict", "reasons", "findings", "behaviours"} <= set(doc)
    assert doc["reasons"][0]["severity"] == "high"
    assert doc["findings"][0]["cwe"]


def test_both_import_forms_work_after_the_submodule_is_loaded():
    import codeeval.vet as module
    from codeeval import vet

    assert vet("x = 1").verdict == "allow"
    assert codeeval.vet("x = 1").verdict == "allow"
    assert module.vet("x = 1").verdict == "allow"


def test_unsupported_or_unpolicied_language_is_a_usage_error():
    with pytest.raises(codeeval.errors.CodeevalError, match="unsupported language"):
        codeeval.vet("puts 1", "ruby")
    with pytest.raises(codeeval.errors.CodeevalError, match="does not vet bash"):
        codeeval.vet("ls", "bash", policy={"languages": ["python"]})


def test_code_that_does_not_parse_warns_under_the_default_policy():
    verdict = codeeval.vet(")))\n" * 30)  # beyond what repair mends
    assert not verdict.parsed
    assert verdict.verdict == "warn"
    assert verdict.reasons[0].kind == "scan"


@pytest.mark.slow
def test_many_threads_get_correct_independent_verdicts_and_share_semgrep_batches(vetter):
    names = list(SAMPLES) * 4  # 44 calls from 16 threads at once
    before = vetter.batches
    barrier = threading.Barrier(16)

    def one(name: str) -> tuple[str, Verdict]:
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        language, code, _ = SAMPLES[name]
        return name, vetter.vet(code, language)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, names))
    for name, verdict in results:
        language, code, expected = SAMPLES[name]
        assert verdict.verdict == expected, name
        assert verdict.language == language
        # findings belong to this sample: every line exists in it
        assert all(f.line <= code.count("\n") + 1 for f in verdict.findings), name
    # the same sample gives the same findings whichever batch it landed in
    by_name: dict[str, set] = {}
    for name, verdict in results:
        by_name.setdefault(name, set()).add(tuple((f.rule_id, f.line) for f in verdict.findings))
    assert all(len(v) == 1 for v in by_name.values()), by_name
    assert vetter.batches - before < len(names) / 2, "concurrent calls should share Semgrep processes"


def test_vet_reports_exactly_what_the_shared_analysis_reports():
    """vet applies a policy to `analyse`'s result; it has no detection of its own."""
    items = [(code, language) for language, code, _ in SAMPLES.values()]
    results = scan([ScanInput(str(i), code, language) for i, (code, language) in enumerate(items)])
    for (code, language), result in zip(items, results):
        assert codeeval.vet(code, language).findings == result.findings


def test_a_vetter_configured_without_semgrep_reports_bandit_findings_only():
    only_bandit = Vetter(ScanConfig(engines=("bandit",)))
    try:
        verdict = only_bandit.vet(SAMPLES["yaml_load"][1])
        shell = only_bandit.vet("import os\nos.system('rm -rf ~')\n")
    finally:
        only_bandit.close()
    assert verdict.findings and all(f.engine == "bandit" for f in verdict.findings)
    assert verdict.verdict == "warn"  # B506 yaml.load is medium
    # the shell command inside Python is read by the Bash rules, which are Semgrep's
    assert {f.rule_id for f in shell.findings} == {"B605"}
