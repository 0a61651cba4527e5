"""The JSON document of `codeeval scan`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codeeval.sources import Skipped
from codeeval.types import ScanResult


def scan_document(
    results: Sequence[ScanResult], *, notes: Mapping[str, Sequence[str]], skipped: Sequence[Skipped], tools: dict[str, str]
) -> dict:
    docs = []
    for result in results:
        doc = result.to_dict()
        doc["notes"] = list(notes.get(result.path, ()))
        docs.append(doc)
    return {
        "results": docs,
        "errors": [s.to_dict() for s in skipped],
        "tools": tools,
        "summary": {
            "scanned": len(results),
            "with_findings": sum(1 for r in results if r.findings),
            "findings": sum(len(r.findings) for r in results),
            "skipped": len(skipped),
        },
    }
