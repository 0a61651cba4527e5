"""Speed work must not change what codeeval finds: findings of two codeeval versions, compared.

Scans every corpus codeeval measures itself on (the benign real-code corpus, the paired corpus,
the malicious answers as extracted, the fragments, and the rules' own test files) and writes one
record per input: parsed, errors, and each finding's engine, rule, lines, severity, confidence,
CWEs and category. Run it once per version (the codeeval on PYTHONPATH is the one measured) and
compare the two files; any difference is printed per input.

    PYTHONPATH=<old checkout> python benchmarks/perf/same_findings.py --save old.json
    PYTHONPATH=<new checkout> python benchmarks/perf/same_findings.py --save new.json
    python benchmarks/perf/same_findings.py --compare old.json new.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUALITY = ROOT / "benchmarks" / "quality"
_LANGUAGE_OF = {".py": "python", ".sh": "bash", ".bash": "bash", ".js": "javascript", ".html": "javascript"}


def inputs(corpora: tuple[str, ...]):
    from codeeval.scanners import ScanInput

    sys.path.insert(0, str(QUALITY))
    out: list[ScanInput] = []
    if "benign" in corpora:
        from benign_kloc import load_manifest, read_corpus

        out += [ScanInput(f"benign:{f.name}", text, "python") for f, text in read_corpus(load_manifest())]
    if "paired" in corpora:
        for path in sorted((QUALITY / "paired").rglob("*.py")):
            out.append(ScanInput(f"paired:{path.relative_to(QUALITY)}", path.read_text(encoding="utf-8"), "python"))
    if "malicious" in corpora:
        from malicious_recall import load

        from codeeval.extract import extract

        for answer in load():
            sample = extract(answer.text, answer.language)
            if sample.code.strip():
                out.append(ScanInput(f"malicious:{answer.id}", sample.code, sample.language))
    if "fragments" in corpora:
        for line in (ROOT / "tests" / "fixtures" / "fragments" / "fragments.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                out.append(ScanInput(f"fragment:{entry['id']}", entry["code"], "python"))
    if "rule-tests" in corpora:
        for path in sorted((ROOT / "rules").rglob("*")):
            language = _LANGUAGE_OF.get(path.suffix)
            if language and path.is_file():
                out.append(ScanInput(f"rule-test:{path.relative_to(ROOT)}", path.read_text(encoding="utf-8"), language))
    return out


def snapshot(corpora: tuple[str, ...]) -> dict:
    from codeeval.scanners import ScanConfig, analyse

    items = inputs(corpora)
    start = time.perf_counter()
    results = analyse(items, ScanConfig(timeout_s=3600))
    elapsed = time.perf_counter() - start
    records = as_records(items, results)
    return {"seconds": elapsed, "records": records}


def as_records(items, results) -> dict:
    """Per input key: parsed, errors, and the findings as comparable lists."""
    return {
        item.key: {
            "parsed": result.parsed,
            "errors": list(result.errors),
            "findings": sorted(
                [f.engine, f.rule_id, f.line, f.end_line, f.severity.label, f.confidence.label, list(f.cwe), f.category]
                for f in result.findings
            ),
        }
        for item, result in zip(items, results)
    }


def compare(old: dict, new: dict) -> int:
    differences = 0
    for key in sorted(set(old["records"]) | set(new["records"])):
        a, b = old["records"].get(key), new["records"].get(key)
        if a == b:
            continue
        differences += 1
        print(key)
        if a is None or b is None:
            print(f"  only in {'new' if a is None else 'old'}")
            continue
        for field in ("parsed", "errors"):
            if a[field] != b[field]:
                print(f"  {field}: {a[field]!r} -> {b[field]!r}")
        for finding in a["findings"]:
            if finding not in b["findings"]:
                print(f"  - {finding}")
        for finding in b["findings"]:
            if finding not in a["findings"]:
                print(f"  + {finding}")
    total = len(set(old["records"]) | set(new["records"]))
    print(f"{differences} of {total} inputs differ; old {old['seconds']:.1f} s, new {new['seconds']:.1f} s")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write this codeeval's findings here")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    parser.add_argument("--corpora", default="benign,paired,malicious,fragments,rule-tests")
    args = parser.parse_args()
    if args.compare:
        old, new = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        sys.exit(1 if compare(old, new) else 0)
    if not args.save:
        parser.error("give --save FILE or --compare OLD NEW")
    data = snapshot(tuple(args.corpora.split(",")))
    args.save.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(data['records'])} inputs, {sum(len(r['findings']) for r in data['records'].values())} findings, "
          f"{data['seconds']:.1f} s -> {args.save}")


if __name__ == "__main__":
    main()
