"""Scan baselines: the findings a project already has, so a gate fails only on new ones (Bandit `-b`,
Semgrep `--baseline-commit`).

A finding is known by its SARIF partial fingerprint (codeeval.report.sarif.fingerprints): path, rule and
the flagged line's text, so it stays known when lines above it are added or removed, and a copy of the
same line elsewhere is new. A baseline is the JSON `codeeval scan --write-baseline` writes, or any SARIF
file codeeval wrote (its partialFingerprints).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from codeeval.errors import CodeevalError
from codeeval.report.sarif import FINGERPRINT_KEY, fingerprints
from codeeval.types import ScanResult

FORMAT = "codeeval-baseline/1"


def baseline_document(results: Sequence[ScanResult], code: Mapping[str, str]) -> dict:
    entries = []
    for result in results:
        for finding, fp in zip(result.findings, fingerprints(result, code.get(result.path, ""))):
            entries.append({"fingerprint": fp, "path": result.path, "line": finding.line, "rule_id": finding.rule_id,
                            "severity": finding.severity.label})
    return {"format": FORMAT, "fingerprint": FINGERPRINT_KEY, "findings": entries}


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints a baseline file holds; CodeevalError (exit 2) when it is not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodeevalError(f"--baseline {path}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CodeevalError(f"--baseline {path}: not a readable JSON file ({exc})") from None
    if isinstance(doc, dict) and doc.get("format") == FORMAT and isinstance(doc.get("findings"), list):
        return frozenset(str(e.get("fingerprint")) for e in doc["findings"] if isinstance(e, dict))
    if isinstance(doc, dict) and isinstance(doc.get("runs"), list):
        prints = [r.get("partialFingerprints", {}).get(FINGERPRINT_KEY) for run in doc["runs"]
                  for r in run.get("results", []) if isinstance(r, dict)]
        if prints and all(prints):
            return frozenset(prints)
        if prints:
            raise CodeevalError(f"--baseline {path}: a SARIF file without {FINGERPRINT_KEY} fingerprints "
                                "(write one with `codeeval scan --write-baseline FILE`)")
        return frozenset()
    raise CodeevalError(f"--baseline {path}: not a codeeval baseline ({FORMAT}) or SARIF file")


def suppress(results: Sequence[ScanResult], code: Mapping[str, str], known: frozenset[str]) -> tuple[list[ScanResult], int]:
    """The results without findings the baseline knows, and how many were left out."""
    out, dropped = [], 0
    for result in results:
        prints = fingerprints(result, code.get(result.path, ""))
        kept = tuple(f for f, fp in zip(result.findings, prints) if fp not in known)
        dropped += len(result.findings) - len(kept)
        out.append(replace(result, findings=kept))
    return out, dropped
