from codeeval.scanners.cwe import normalise_cwe
from codeeval.scanners.merge import merge_findings
from codeeval.types import Confidence, Finding, Severity


def _f(engine, rule, cwe, line=3, severity=Severity.HIGH, confidence=Confidence.MEDIUM, category="security"):
    return Finding(engine, rule, cwe, severity, confidence, line, line, f"{rule} message", category, (f"{engine}:{rule}",))


def test_same_cwe_same_line_from_both_engines_becomes_one_finding_with_both_rules():
    merged = merge_findings([_f("bandit", "B605", ("CWE-78",)), _f("semgrep", "python-os-system", ("CWE-78",))])
    assert len(merged) == 1
    assert merged[0].engine == "bandit+semgrep"
    assert set(merged[0].evidence) == {"bandit:B605", "semgrep:python-os-system"}


def test_neighbouring_cwes_of_one_family_merge():
    merged = merge_findings([_f("bandit", "B307", ("CWE-95",)), _f("semgrep", "py-eval", ("CWE-94",))])
    assert len(merged) == 1 and merged[0].cwe == ("CWE-94", "CWE-95")


def test_different_lines_or_unrelated_cwes_stay_apart():
    findings = [
        _f("bandit", "B605", ("CWE-78",), line=3),
        _f("semgrep", "python-os-system", ("CWE-78",), line=4),
        _f("semgrep", "python-md5", ("CWE-328",), line=3),
    ]
    assert len(merge_findings(findings)) == 3


def test_merged_finding_takes_the_highest_severity_and_keeps_malicious_category():
    merged = merge_findings([
        _f("bandit", "B605", ("CWE-78",), severity=Severity.MEDIUM),
        _f("semgrep", "python-reverse-shell", ("CWE-78", "CWE-506"), severity=Severity.CRITICAL, category="malicious"),
    ])
    assert len(merged) == 1
    assert merged[0].severity is Severity.CRITICAL and merged[0].category == "malicious"
    assert merged[0].rule_id == "python-reverse-shell"


def test_two_rules_of_one_engine_for_one_weakness_merge_and_keep_both_ids():
    merged = merge_findings([_f("semgrep", "a", ("CWE-78",)), _f("semgrep", "b", ("CWE-78",))])
    assert len(merged) == 1 and merged[0].engine == "semgrep"
    assert merged[0].evidence == ("semgrep:a", "semgrep:b")


def test_cwe_forms_are_normalised():
    assert normalise_cwe(["CWE-78: OS Command Injection", "cwe_89"]) == ("CWE-78", "CWE-89")
    assert normalise_cwe({"id": 502, "link": "x"}) == ("CWE-502",)
    assert normalise_cwe(78) == ("CWE-78",)
    assert normalise_cwe(None) == ()
    assert normalise_cwe("no cwe here") == ()


def test_a_sure_finding_is_not_hidden_behind_an_unsure_lead():
    # A high-severity medium-confidence rule and a medium-severity high-confidence rule on the same
    # weakness: the merged finding is the sure one (medium/high), so a gate counting only sure
    # findings still sees the weakness; the guess stays as evidence.
    guess = _f("semgrep", "python-eval-exec-nonliteral", ("CWE-95",), severity=Severity.HIGH, confidence=Confidence.MEDIUM)
    sure = _f("bandit", "B102", ("CWE-95",), severity=Severity.MEDIUM, confidence=Confidence.HIGH)
    for order in ([sure, guess], [guess, sure]):
        (merged,) = merge_findings(order)
        assert (merged.severity, merged.confidence, merged.rule_id) == (Severity.MEDIUM, Confidence.HIGH, "B102")
        assert set(merged.evidence) == {"semgrep:python-eval-exec-nonliteral", "bandit:B102"}


def test_the_most_severe_sure_member_leads_whatever_the_unsure_ones_say():
    findings = [
        _f("semgrep", "guess", ("CWE-78",), severity=Severity.CRITICAL, confidence=Confidence.LOW),
        _f("bandit", "B605", ("CWE-78",), severity=Severity.LOW, confidence=Confidence.HIGH),
        _f("semgrep", "sure-medium", ("CWE-78",), severity=Severity.MEDIUM, confidence=Confidence.HIGH),
    ]
    (merged,) = merge_findings(findings)
    assert (merged.severity, merged.confidence, merged.rule_id) == (Severity.MEDIUM, Confidence.HIGH, "sure-medium")
    assert len(merged.evidence) == 3


def test_without_a_sure_member_of_medium_or_above_severity_and_confidence_come_as_one_rules_pair():
    # A high/low guess and a low/medium report do not make a high/medium finding nobody reported,
    # and a sure low report (B603 beside a taint rule's guess) does not hide the guess either.
    guess = _f("semgrep", "guess", ("CWE-78",), severity=Severity.HIGH, confidence=Confidence.LOW)
    for other in (_f("bandit", "B605", ("CWE-78",), severity=Severity.LOW, confidence=Confidence.MEDIUM),
                  _f("bandit", "B603", ("CWE-78",), severity=Severity.LOW, confidence=Confidence.HIGH)):
        (merged,) = merge_findings([other, guess])
        assert (merged.severity, merged.confidence, merged.rule_id) == (Severity.HIGH, Confidence.LOW, "guess")
