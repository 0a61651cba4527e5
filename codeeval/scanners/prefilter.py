"""Rules skipped on files they cannot match, decided from the file's text before Semgrep reads it.

Semgrep skips a rule on a file when a literal the rule needs is absent, but it finds no such literal
in most taint rules: a source that is any function parameter, or a sink written `$H[$NAME] = $V` with
the name checked by a regex, leaves it nothing to look for, and the rule runs its matching and its
dataflow over every function of every file. A rule can name what it needs in its metadata:

    metadata:
      codeeval-prefilter:        # every regex must be found in the file (Python `re`, searched)
        - request|self\\s*\\.\\s*(path|headers|rfile)
        - \\b(open|unlink|rmtree)\\b

A prefilter is a promise that no finding of the rule lies in a file without it, so it names what every
source or every sink of the rule contains, as Semgrep sees it: a call matched through an import alias
(`from os import system as s`) still has the name in its import. Skipping changes no result, only the
time (benchmarks/perf/same_findings.py compares; tests/scanners/test_prefilter.py holds it on the
corpora). Each Semgrep process gets one rule file in which a prefiltered rule lists, as its own
`paths: include:`, the files whose text has every regex; a rule no file needs is left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

KEY = "codeeval-prefilter"
_PLAIN = re.compile(r"[\w.-]+")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[dict, ...]  # every rule of the folder, as written
    needs: dict[str, tuple[re.Pattern[str], ...]]  # rule id -> regexes its files must all contain


def load(root: Path) -> RuleSet:
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return _load(root, tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


@lru_cache(maxsize=4)
def _load(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> RuleSet:
    rules: list[dict] = []
    for name, _, _ in stamp:
        with open(name, encoding="utf-8") as f:
            rules += (yaml.safe_load(f) or {}).get("rules", [])
    ids = [str(rule.get("id")) for rule in rules]
    needs: dict[str, tuple[re.Pattern[str], ...]] = {}
    if len(set(ids)) == len(ids):  # include lists are per rule id: with a duplicate, filter nothing
        for rule in rules:
            wanted = (rule.get("metadata") or {}).get(KEY)
            if wanted and "paths" not in rule:
                patterns = [wanted] if isinstance(wanted, str) else list(wanted)
                needs[str(rule["id"])] = tuple(re.compile(p) for p in patterns)
    return RuleSet(tuple(rules), needs)


def config_for(root: Path, targets: list[Path], out: Path) -> Path:
    """The rule configuration for Semgrep over `targets`: `root` itself when no rule can be skipped on
    any of them, else a file written at `out` with the prefiltered rules limited to the files they need."""
    ruleset = load(root)
    names = {p.name for p in targets}
    # include lists name files by their plain names: anything a glob could misread filters nothing
    if not ruleset.needs or len(names) != len(targets) or not all(_PLAIN.fullmatch(n) for n in names):
        return root
    texts = {p.name: _text(p) for p in targets}
    include = {
        rule_id: [name for name, text in texts.items() if all(r.search(text) for r in regexes)]
        for rule_id, regexes in ruleset.needs.items()
    }
    if all(len(names) == len(targets) for names in include.values()):
        return root
    rules = []
    for rule in ruleset.rules:
        needed = include.get(str(rule.get("id")))
        if needed is None:
            rules.append(rule)
        elif needed:
            # plain names: a pattern without a slash matches the file's name wherever it lies
            rules.append({**rule, "paths": {"include": needed}})
    # JSON is YAML; it writes ~150 rules in milliseconds where a YAML dump takes a good part of a second
    out.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return out


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return ""
