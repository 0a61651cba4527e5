"""Malware-family findings of the capability engine on a large body of ordinary code.

The pinned benign corpus (benign_kloc.py) is small and fixed; this reads every Python file under a
folder (by default the site-packages of the running interpreter: thousands of real libraries nobody
tuned on) and prints each file the capability engine calls malware, with the family and its evidence,
over the number of files read. Every finding here is a false alarm unless the file really is malware.

    python benchmarks/quality/capability_false_alarms.py [ROOT ...] [--max-bytes 400000]
"""

from __future__ import annotations

import argparse
import collections
import sysconfig
from pathlib import Path

from codeeval.scanners.capabilities import detect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path, default=[Path(sysconfig.get_paths()["purelib"])])
    parser.add_argument("--max-bytes", type=int, default=400_000, help="skip files larger than this (generated tables)")
    args = parser.parse_args()
    read = skipped = 0
    families: collections.Counter[str] = collections.Counter()
    for root in args.roots:
        for path in sorted(root.rglob("*.py")):
            try:
                if path.stat().st_size > args.max_bytes:
                    skipped += 1
                    continue
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                skipped += 1
                continue
            read += 1
            for finding in detect(text):
                families[finding.rule_id] += 1
                print(f"{path}: {finding.rule_id}: {finding.message}")
    flagged = sum(families.values())
    print(f"\n{flagged} family findings in {read} files read ({skipped} skipped: too large or not UTF-8)")
    for rule_id, n in families.most_common():
        print(f"  {rule_id:34} {n}")


if __name__ == "__main__":
    main()
