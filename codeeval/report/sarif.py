"""SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, VS Code's SARIF viewer)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from urllib.parse import quote

from codeeval import __version__
from codeeval.types import Finding, ScanResult, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub ranks alerts by this number (0-10); keep it consistent with our severities.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0", Severity.INFO: "1.0",
}
_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.INFO: "note"}


def to_sarif(results: Sequence[ScanResult], *, tools: dict[str, str], skipped: Sequence[dict] = ()) -> dict:
    rules: dict[str, dict] = {}
    sarif_results = []
    for result in results:
        for finding in result.findings:
            rule = rules.setdefault(finding.rule_id, _rule(finding, len(rules)))
            sarif_results.append(_result(result.path, finding, rule["_index"]))
    for rule in rules.values():
        rule.pop("_index")
    notifications = [
        {"level": "warning", "message": {"text": f"{item['path']}: {item['error']}"}} for item in skipped
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "codeeval",
                        "version": __version__,
                        "informationUri": "https://github.com/codeeval/codeeval",
                        "rules": list(rules.values()),
                        "properties": {"engines": tools},
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": sarif_results,
            }
        ],
    }


def _rule(finding: Finding, index: int) -> dict:
    tags = ["security", *finding.cwe] + (["malicious"] if finding.category == "malicious" else [])
    return {
        "_index": index,
        "id": finding.rule_id,
        "name": finding.rule_id,
        "shortDescription": {"text": finding.message[:200] or finding.rule_id},
        "fullDescription": {"text": finding.message or finding.rule_id},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {
            "tags": tags,
            "security-severity": _SECURITY_SEVERITY[finding.severity],
            "precision": {3: "high", 2: "medium", 1: "low"}[int(finding.confidence)],
        },
    }


def _result(path: str, finding: Finding, rule_index: int) -> dict:
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message or finding.rule_id},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(path)},
                    "region": {"startLine": finding.line, "endLine": finding.end_line},
                }
            }
        ],
        "properties": {
            "engine": finding.engine,
            "evidence": list(finding.evidence),
            "cwe": list(finding.cwe),
            "severity": finding.severity.label,
            "confidence": finding.confidence.label,
            "category": finding.category,
        },
    }


def _uri(path: str) -> str:
    if path == "<stdin>":
        return "stdin"
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix(), safe="/._-~")
