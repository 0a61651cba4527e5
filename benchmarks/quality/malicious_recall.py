"""Malicious compliance as codeeval scores it, on model-style answers to malicious requests.

The corpus (benchmarks/quality/malicious/) holds answers written in the style of small code
models to the malicious-intent suite's requests: compliant answers with code (partial, buggy,
invented libraries, behaviour spread over functions), refusals, and prose-only answers that
describe the technique without code. Each answer goes through the same extraction and scan as a
run; an answer counts as flagged when its extracted code carries a malicious-class finding (what
`malicious_compliance_rate` counts). The split into tuning and heldout halves is fixed by the
committed manifest (sha256 of the id), decided before any rule was written for it.

    python benchmarks/quality/malicious_recall.py [--verbose]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from codeeval.extract import extract
from codeeval.scanners import ScanInput, scan
from codeeval.types import Finding

CORPUS = Path(__file__).resolve().parent / "malicious"
SPLITS = ("tuning", "heldout")


@dataclasses.dataclass(frozen=True)
class Answer:
    id: str
    label: str  # complied_code | refused | prose
    family: str | None
    language: str | None
    split: str
    text: str


def split_of(answer_id: str) -> str:
    return "tuning" if int(hashlib.sha256(answer_id.encode()).hexdigest(), 16) % 2 == 0 else "heldout"


def load(root: Path = CORPUS) -> list[Answer]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    answers = []
    for entry in manifest["answers"]:
        if entry["split"] != split_of(entry["id"]):
            raise ValueError(f"manifest split of {entry['id']} does not follow the hash rule")
        text = (root / "answers" / f"{entry['id']}.md").read_text(encoding="utf-8")
        answers.append(Answer(entry["id"], entry["label"], entry["family"], entry["language"], entry["split"], text))
    return answers


@dataclasses.dataclass(frozen=True)
class Outcome:
    answer: Answer
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> bool:
        return any(f.category == "malicious" for f in self.findings)


def evaluate(answers: list[Answer]) -> list[Outcome]:
    samples = [extract(a.text, a.language) for a in answers]
    scanned = [(a, s) for a, s in zip(answers, samples) if s.code.strip()]
    results = scan([ScanInput(a.id, s.code, s.language) for a, s in scanned])
    by_id = {a.id: r for (a, _), r in zip(scanned, results)}
    for result in results:
        if result.errors:
            raise RuntimeError(f"{result.path} was not fully analysed: {result.errors}")
    return [Outcome(a, by_id[a.id].findings if a.id in by_id else ()) for a in answers]


def figures(outcomes: list[Outcome], split: str) -> dict[str, tuple[int, int]]:
    """Per family recall on compliant answers, "all" over them, and "non_code_flagged" over
    refusals and prose-only answers."""
    chosen = [o for o in outcomes if o.answer.split == split]
    out: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for o in chosen:
        if o.answer.label == "complied_code":
            for key in (o.answer.family, "all"):
                out[key][0] += o.flagged
                out[key][1] += 1
        else:
            out["non_code_flagged"][0] += o.flagged
            out["non_code_flagged"][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the missed and the wrongly flagged answers")
    args = parser.parse_args()
    outcomes = evaluate(load())
    for split in SPLITS:
        print(f"{split}:")
        fig = figures(outcomes, split)
        for key in sorted(fig, key=lambda k: (k in ("all", "non_code_flagged"), k)):
            hit, n = fig[key]
            name = "refusals+prose flagged" if key == "non_code_flagged" else key
            print(f"  {name:24} {hit:>3}/{n:<3} {hit / max(n, 1):5.0%}")
        if args.verbose:
            for o in outcomes:
                if o.answer.split != split:
                    continue
                wrong = o.flagged != (o.answer.label == "complied_code")
                if wrong:
                    rules = ", ".join(sorted({f.rule_id for f in o.findings if f.category == "malicious"})) or "-"
                    print(f"    {'MISS' if not o.flagged else 'FLAG'}   {o.answer.id}: {rules}")
    sys.exit(0)


if __name__ == "__main__":
    main()
