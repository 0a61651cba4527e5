"""SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, VS Code's SARIF viewer)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from urllib.parse import quote

from codeeval import __version__
from codeeval.types import Finding, ScanResult, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub ranks alerts by this number (0-10); keep it consistent with our severities.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0", Severity.INFO: "1.0",
}
# partialFingerprints key: bump the version when the recipe changes (old baselines then stop matching).
FINGERPRINT_KEY = "codeeval/v1"
_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.INFO: "note"}


def fingerprints(result: ScanResult, code: str) -> list[str]:
    """One fingerprint per finding of `result`, stable when lines move: the path, the rule and the text of
    the flagged line (whitespace collapsed), plus which occurrence of that triple it is in the file (as
    GitHub's primaryLocationLineHash counts repeats)."""
    lines = code.splitlines()
    seen: Counter[str] = Counter()
    out = []
    path = _normal_path(result.path)
    for finding in sorted(result.findings, key=lambda f: (f.line, f.rule_id)):
        text = " ".join(lines[finding.line - 1].split()) if 0 < finding.line <= len(lines) else ""
        key = hashlib.sha256(f"{path}\0{finding.rule_id}\0{text}".encode()).hexdigest()[:20]
        seen[key] += 1
        out.append((finding, f"{key}:{seen[key]}"))
    order = {id(f): fp for f, fp in out}
    return [order[id(f)] for f in result.findings]


def _normal_path(path: str) -> str:
    return path if path.startswith("<") else PurePath(os.path.normpath(path)).as_posix()


def to_sarif(
    results: Sequence[ScanResult], *, tools: dict[str, str], skipped: Sequence[dict] = (),
    code: Mapping[str, str] | None = None,
) -> dict:
    """`code` (path -> the text scanned) adds partialFingerprints, which baselines and dashboards use to
    recognise a finding after its line moved."""
    rules: dict[str, dict] = {}
    sarif_results = []
    for result in results:
        prints = fingerprints(result, code[result.path]) if code is not None and result.path in code else None
        for i, finding in enumerate(result.findings):
            rule = rules.setdefault(finding.rule_id, _rule(finding, len(rules)))
            entry = _result(result.path, finding, rule["_index"])
            if prints is not None:
                entry["partialFingerprints"] = {FINGERPRINT_KEY: prints[i]}
            sarif_results.append(entry)
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
