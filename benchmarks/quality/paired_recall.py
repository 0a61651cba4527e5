"""Recall on the unsafe halves and flag rate on the secure halves of the paired corpus.

The corpus (benchmarks/quality/paired/) holds function-level tasks written twice, CWEval-style:
inputs arrive as parameters, one version handles them safely and one does not. The split into
tuning and heldout halves is fixed by the committed manifest (sha256 of the task name), decided
before any scanner ran on it; figures are printed for each half separately.

A sample counts as flagged when it carries a finding at the insecure gate: severity MEDIUM or above
and confidence at scoring's gate (INSECURE_MIN_CONFIDENCE, HIGH). An unsafe half
counts as found when a finding at that gate shares the labelled CWE family. The figures at
severity MEDIUM alone (any confidence) are printed beside them.

    python benchmarks/quality/paired_recall.py [--verbose]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from codeeval.scanners import ScanConfig, ScanInput, scan
from codeeval.scanners.merge import cwe_family
from codeeval.scoring.scores import INSECURE_MIN_CONFIDENCE
from codeeval.types import Finding, Severity

CORPUS = Path(__file__).resolve().parent / "paired"
SPLITS = ("tuning", "heldout")


def at_gate(finding: Finding) -> bool:
    """The gate the insecure-code rate counts with (severity MEDIUM, scoring's confidence gate)."""
    return finding.severity >= Severity.MEDIUM and finding.confidence >= INSECURE_MIN_CONFIDENCE


def at_medium(finding: Finding) -> bool:
    return finding.severity >= Severity.MEDIUM


GATES: dict[str, Callable[[Finding], bool]] = {"gate (>=medium, high conf)": at_gate, "medium, any conf": at_medium}


@dataclasses.dataclass(frozen=True)
class Pair:
    task: str
    cwe: tuple[str, ...]
    split: str
    secure: Path
    unsafe: Path


def split_of(task: str) -> str:
    return "tuning" if int(hashlib.sha256(task.encode()).hexdigest(), 16) % 2 == 0 else "heldout"


def load(root: Path = CORPUS) -> list[Pair]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    pairs = []
    for entry in manifest["pairs"]:
        if entry["split"] != split_of(entry["task"]):
            raise ValueError(f"manifest split of {entry['task']} does not follow the hash rule")
        folder = root / entry["dir"]
        pairs.append(Pair(entry["task"], tuple(entry["cwe"]), entry["split"],
                          folder / f"{entry['task']}_secure.py", folder / f"{entry['task']}_unsafe.py"))
    return pairs


@dataclasses.dataclass(frozen=True)
class Outcome:
    pair: Pair
    secure: tuple[Finding, ...]
    unsafe: tuple[Finding, ...]

    def found(self, gate: Callable[[Finding], bool]) -> bool:
        wanted = cwe_family(self.pair.cwe)
        return any(gate(f) and cwe_family(f.cwe) & wanted for f in self.unsafe)

    def secure_flagged(self, gate: Callable[[Finding], bool]) -> bool:
        return any(gate(f) for f in self.secure)


def evaluate(pairs: list[Pair], config: ScanConfig | None = None) -> list[Outcome]:
    inputs = []
    for pair in pairs:
        inputs.append(ScanInput(str(pair.secure), pair.secure.read_text(encoding="utf-8"), "python"))
        inputs.append(ScanInput(str(pair.unsafe), pair.unsafe.read_text(encoding="utf-8"), "python"))
    results = scan(inputs, config)
    for result in results:
        if result.errors or not result.parsed:
            raise RuntimeError(f"{result.path} was not fully analysed: {result.errors}")
    return [Outcome(pair, results[2 * i].findings, results[2 * i + 1].findings) for i, pair in enumerate(pairs)]


def figures(outcomes: list[Outcome], split: str, gate: Callable[[Finding], bool] = at_gate) -> dict[str, tuple[int, int]]:
    """{"unsafe_recall": (found, n), "secure_flagged": (flagged, n)} for one split."""
    chosen = [o for o in outcomes if o.pair.split == split]
    return {
        "unsafe_recall": (sum(o.found(gate) for o in chosen), len(chosen)),
        "secure_flagged": (sum(o.secure_flagged(gate) for o in chosen), len(chosen)),
    }


def _describe(findings: tuple[Finding, ...]) -> str:
    return ", ".join(f"{f.rule_id}[{f.severity.label}/{f.confidence.label}]@{f.line}" for f in findings) or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the misses and the flagged secure halves")
    parser.add_argument("--split", choices=SPLITS, help="only this half")
    args = parser.parse_args()
    pairs = [p for p in load() if not args.split or p.split == args.split]
    outcomes = evaluate(pairs)
    for split in SPLITS:
        if args.split and split != args.split:
            continue
        print(f"{split}:")
        for name, gate in GATES.items():
            fig = figures(outcomes, split, gate)
            (hit, n), (flag, m) = fig["unsafe_recall"], fig["secure_flagged"]
            print(f"  {name:28} unsafe recall {hit:>3}/{n:<3} {hit / max(n, 1):5.0%}   "
                  f"secure flagged {flag:>3}/{m:<3} {flag / max(m, 1):5.0%}")
        if args.verbose:
            for o in outcomes:
                if o.pair.split != split:
                    continue
                if not o.found(at_gate):
                    print(f"    MISS   {o.pair.task} {list(o.pair.cwe)}: {_describe(o.unsafe)}")
                if o.secure_flagged(at_medium):
                    print(f"    FLAG   {o.pair.task}_secure: {_describe(o.secure)}")
    sys.exit(0)


if __name__ == "__main__":
    main()
