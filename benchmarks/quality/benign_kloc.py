"""Findings per KLOC on real benign Python: how much noise codeeval adds to code nobody should flag.

The corpus is pinned by content hash in benign_corpus.txt: 200 standard-library modules (the 200
whose path hashes lowest, leaving out tests, demos, IDLE, tkinter, lib2to3 and encodings) and every
module of requests, click, werkzeug and urllib3, located in the running interpreter's paths. A
file whose bytes differ from the pinned hash is refused, so every figure is over the same code.

The corpus is split into a `tuning` half and a `heldout` half by a fixed hash of each file's name
(chosen before any result was looked at); rules are tuned on `tuning`, figures quoted on `heldout`.
KLOC counts physical lines (as `wc -l`).

    python benchmarks/quality/benign_kloc.py [--half heldout|tuning|all] [--sample 10] [--show high]
    python benchmarks/quality/benign_kloc.py --pin     # rewrite the manifest from this interpreter
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import sysconfig
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).resolve().with_name("benign_corpus.txt")
PACKAGES = ("requests", "click", "werkzeug", "urllib3")
STDLIB_FILES = 200
_STDLIB_LEFT_OUT = {"site-packages", "test", "tests", "idle_test", "idlelib", "lib2to3", "__phello__", "encodings",
                    "turtledemo", "tkinter", "ensurepip"}


@dataclass(frozen=True)
class CorpusFile:
    root: str  # stdlib | site
    relpath: str
    sha256: str

    @property
    def name(self) -> str:
        return f"{self.root}/{self.relpath}"

    @property
    def half(self) -> str:
        return "heldout" if int(hashlib.sha256(self.name.encode()).hexdigest(), 16) % 2 else "tuning"


def roots() -> dict[str, Path]:
    paths = sysconfig.get_paths()
    return {"stdlib": Path(paths["stdlib"]), "site": Path(paths["purelib"])}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pin() -> list[CorpusFile]:
    where = roots()
    std = []
    for path in where["stdlib"].rglob("*.py"):
        rel = path.relative_to(where["stdlib"]).as_posix()
        if _STDLIB_LEFT_OUT.isdisjoint(rel.split("/")) and not rel.startswith("config-"):
            std.append(rel)
    std = sorted(std, key=lambda r: _digest(r.encode()))[:STDLIB_FILES]
    out = [CorpusFile("stdlib", rel, _digest((where["stdlib"] / rel).read_bytes())) for rel in sorted(std)]
    for package in PACKAGES:
        for path in sorted((where["site"] / package).rglob("*.py")):
            rel = path.relative_to(where["site"]).as_posix()
            out.append(CorpusFile("site", rel, _digest(path.read_bytes())))
    return out


def load_manifest(path: Path = MANIFEST) -> list[CorpusFile]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            root, rel, digest = line.split()
            out.append(CorpusFile(root, rel, digest))
    return out


def read_corpus(files: list[CorpusFile]) -> list[tuple[CorpusFile, str]]:
    """The pinned files' text; refuses the corpus when a file is missing or its bytes changed."""
    where = roots()
    out, bad = [], []
    for item in files:
        path = where[item.root] / item.relpath
        data = path.read_bytes() if path.is_file() else None
        if data is None or _digest(data) != item.sha256:
            bad.append(f"{item.name}: {'missing' if data is None else 'sha256 differs'}")
            continue
        out.append((item, data.decode("utf-8", "surrogateescape")))
    if bad:
        raise SystemExit(f"{len(bad)} pinned files are missing or differ (first: {bad[0]}); "
                         "run with the interpreter and packages the manifest was pinned from")
    return out


def kloc(text: str) -> float:
    return text.count("\n") / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pin", action="store_true", help="write the manifest from this interpreter's files")
    parser.add_argument("--half", choices=("heldout", "tuning", "all"), default="all")
    parser.add_argument("--sample", type=int, default=0, help="print this many high+ findings of the held-out half, sampled")
    parser.add_argument("--show", choices=("none", "medium", "high"), default="none", help="list findings at or above")
    args = parser.parse_args()
    if args.pin:
        files = pin()
        header = "# root relpath sha256: the benign real-code corpus (see benign_kloc.py for the selection rule)\n"
        MANIFEST.write_text(header + "".join(f"{f.root} {f.relpath} {f.sha256}\n" for f in files), encoding="utf-8")
        print(f"pinned {len(files)} files to {MANIFEST}")
        return

    from codeeval.scanners import ScanConfig, ScanInput, analyse
    from codeeval.types import Severity

    corpus = read_corpus(load_manifest())
    halves = ("tuning", "heldout") if args.half == "all" else (args.half,)
    selected = [(f, text) for f, text in corpus if f.half in halves]
    # A whole-corpus batch: the default per-batch timeout is sized for generated samples, not 150 KLOC.
    results = analyse([ScanInput(f.name, text, "python") for f, text in selected], ScanConfig(timeout_s=3600))
    print(f"{'half':8} {'files':>6} {'KLOC':>7} {'medium+':>8} {'/KLOC':>7} {'high+':>6} {'/KLOC':>7}  unparsed")
    high_findings = []
    for half in halves:
        rows = [(f, text, r) for (f, text), r in zip(selected, results) if f.half == half]
        size = sum(kloc(text) for _, text, _ in rows)
        medium = [(f, x) for f, _, r in rows for x in r.findings if x.severity >= Severity.MEDIUM]
        high = [(f, x) for f, _, r in rows for x in r.findings if x.severity >= Severity.HIGH]
        unparsed = sum(1 for _, _, r in rows if not r.parsed)
        print(f"{half:8} {len(rows):>6} {size:>7.1f} {len(medium):>8} {len(medium) / size:>7.3f} {len(high):>6} "
              f"{len(high) / size:>7.3f}  {unparsed}")
        if half == "heldout":
            high_findings = high
        if args.show != "none":
            shown = medium if args.show == "medium" else high
            for rule, n in Counter(x.rule_id for _, x in shown).most_common():
                print(f"    {n:4}  {rule}")
            for f, x in shown:
                print(f"    {f.name}:{x.line}  {x.severity.label} {x.confidence.label}  {x.rule_id}  {x.message[:100]}")
    if args.sample and high_findings:
        print(f"\n{min(args.sample, len(high_findings))} of {len(high_findings)} held-out high+ findings, sampled (seed 10):")
        for f, x in random.Random(10).sample(high_findings, min(args.sample, len(high_findings))):
            print(f"  {f.name}:{x.line}  {x.severity.label}/{x.confidence.label}  {x.rule_id}  {x.message[:120]}")
    sys.exit(0)


if __name__ == "__main__":
    main()
