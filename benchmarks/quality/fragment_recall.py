"""How often the labelled weakness of a real-looking insecure fragment is found.

Compares Bandit alone on the raw text (what most tools do), and codeeval (fragment repair, then
Bandit and Semgrep with codeeval's rules), per fragment shape. The corpus is
tests/fixtures/fragments/fragments.jsonl, written by hand without looking at the rules.

    python benchmarks/quality/fragment_recall.py
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

from codeeval.scanners import ScanConfig, ScanInput, scan
from codeeval.scanners.merge import cwe_family

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "fragments" / "fragments.jsonl"


def load(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def detected(entry: dict, findings) -> bool:
    """The labelled weakness counts as found when a finding shares its CWE family; malicious
    entries (CWE-506) count when a malicious-class rule fired."""
    wanted = cwe_family(tuple(entry["cwe"]))
    for finding in findings:
        if "CWE-506" in entry["cwe"] and finding.category == "malicious":
            return True
        if cwe_family(finding.cwe) & wanted:
            return True
    return False


def recall(entries: list[dict], config: ScanConfig) -> dict[str, tuple[int, int]]:
    results = scan([ScanInput(e["id"], e["code"], "python") for e in entries], config)
    per_shape: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for entry, result in zip(entries, results):
        hit = detected(entry, result.findings)
        for key in (entry["shape"], "all"):
            per_shape[key][0] += hit
            per_shape[key][1] += 1
    return {k: (v[0], v[1]) for k, v in per_shape.items()}


def main() -> None:
    entries = load()
    bandit_raw = recall(entries, ScanConfig(engines=("bandit",), repair=False))
    bandit_repaired = recall(entries, ScanConfig(engines=("bandit",)))
    full = recall(entries, ScanConfig())
    print(f"{'shape':14} {'bandit raw':>12} {'bandit+repair':>14} {'codeeval':>10}")
    for shape in sorted(full, key=lambda s: (s == "all", s)):
        cells = [bandit_raw[shape], bandit_repaired[shape], full[shape]]
        print(f"{shape:14} " + " ".join(f"{h:>4}/{n:<3} {h / n:4.0%}" for h, n in cells))
    sys.exit(0)


if __name__ == "__main__":
    main()
