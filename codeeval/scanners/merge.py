"""One finding per weakness per line: engines and rules that agree are merged, every rule kept as evidence."""

from __future__ import annotations

from collections.abc import Iterable

from codeeval.types import Confidence, Finding, Severity

# Engines file the same weakness under neighbouring CWEs; these count as one when merging.
_FAMILIES = [
    {"CWE-77", "CWE-78", "CWE-88"},
    {"CWE-94", "CWE-95"},
    {"CWE-22", "CWE-23", "CWE-36", "CWE-73"},
    {"CWE-259", "CWE-798", "CWE-321"},
    {"CWE-326", "CWE-327", "CWE-328", "CWE-916"},
    {"CWE-330", "CWE-338"},
]


def cwe_family(cwes: tuple[str, ...]) -> set[str]:
    """The CWEs plus their neighbours that engines use for the same weakness."""
    out = set(cwes)
    for family in _FAMILIES:
        if out & family:
            out |= family
    return out


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.line, -f.severity, f.engine, f.rule_id)):
        for i, existing in enumerate(merged):
            if _same_weakness(existing, finding):
                merged[i] = _combine(existing, finding)
                break
        else:
            merged.append(finding)
    return sorted(merged, key=lambda f: (f.line, -f.severity, f.rule_id))


def _same_weakness(a: Finding, b: Finding) -> bool:
    """One weakness on one line, whichever engines and rules saw it."""
    if a.line != b.line:
        return False
    if set(a.evidence) & set(b.evidence):
        return True
    return bool(cwe_family(a.cwe) & cwe_family(b.cwe))


def _combine(a: Finding, b: Finding) -> Finding:
    lead = _lead(a, b)
    engines = sorted(set(a.engine.split("+")) | set(b.engine.split("+")))
    return Finding(
        engine="+".join(engines),
        rule_id=lead.rule_id,
        cwe=tuple(sorted(set(a.cwe) | set(b.cwe), key=lambda c: int(c.split("-")[1]))),
        severity=lead.severity,
        confidence=lead.confidence,
        line=a.line,
        end_line=max(a.end_line, b.end_line),
        message=lead.message,
        category="malicious" if "malicious" in (a.category, b.category) else lead.category,
        evidence=tuple(dict.fromkeys(a.evidence + b.evidence)),
    )


def _lead(a: Finding, b: Finding) -> Finding:
    """The member whose severity, confidence, rule and message the merged finding carries.

    A sure (high-confidence) member of medium severity or above leads, the most severe of them: a
    high-severity guess from one rule must not hide another rule's sure report of the same weakness
    from a gate that counts only sure findings. A sure low one (Bandit's B603 or B311 beside a taint
    rule's guess) counts toward no gate, and leading would hide the guess from every severity view,
    so then, as without a sure member, the pair one rule gave travels together: a high-severity
    guess and a sure low report do not make a sure high finding nobody made.
    """
    sure = [f for f in (a, b) if f.confidence >= Confidence.HIGH and f.severity >= Severity.MEDIUM]
    if len(sure) == 1:
        return sure[0]
    return a if (a.severity, a.confidence) >= (b.severity, b.confidence) else b
