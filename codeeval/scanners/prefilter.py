"""What of a file each rule needs to see, decided from the file's text before Semgrep reads it.

Semgrep skips a rule on a file when a literal the rule needs is absent, but it finds no such literal
in most taint rules: a source that is any function parameter, or a sink written `$H[$NAME] = $V` with
the name checked by a regex, leaves it nothing to look for, and the rule runs its matching and its
dataflow over every function of every file. A rule can say more in its metadata:

    metadata:
      codeeval-prefilter:        # each must be found in the file's text, lowercased (Python `re`)
        - request\\s*\\.|self\\s*\\.\\s*(path|headers|rfile)
        - \\b(open|unlink|rmtree)\\b
      codeeval-scope: public-functions

`codeeval-prefilter` is a promise that no finding of the rule lies in a file without a match of each
regex, so it names what every source or every sink of the rule contains, as Semgrep sees it: a call
matched through an import alias (`from os import system as s`) still has the name in its import. The
regexes are written in lowercase and searched in the lowercased text: Python's `re` searches a
case-insensitive alternation several times slower, and lowercasing only lets more files through. A
regex with an upper-case letter (`\\S` is not `\\s` lowercased) is not trusted: the rule reads every file.

`codeeval-scope: public-functions` is a promise that every source of the rule is a parameter of a
function whose name does not start with `_` and that is neither a method (first parameter `self` or
`cls`) nor inside one, and Semgrep's taint analysis stays within a function: such a rule reads a copy
of the file in which every method is `pass`, line numbers kept. Library code is mostly methods.

Neither changes a result, only the time (tests/scanners/test_prefilter.py compares findings with and
without them on every corpus). Each Semgrep process gets one rule file in which a rule lists, as its
own `paths`, the files it reads; a rule no file needs is left out.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from codeeval.scanners.repair import parse, physical_lines

KEY = "codeeval-prefilter"
SCOPE = "codeeval-scope"
_PLAIN = re.compile(r"[\w.-]+")
_PUBLIC_COPY = ".public-functions.py"


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[dict, ...]  # every rule of the folder, as written
    needs: dict[str, tuple[re.Pattern[str], ...]]  # rule id -> regexes its files must all contain
    public_functions: frozenset[str]  # rule ids that read only the public functions


@dataclass
class Plan:
    """How one Semgrep process runs: its rule configuration, its targets, and which target is a copy
    of which file (a finding in a copy is on the same line of the file it was made from)."""

    config: Path
    targets: list[Path]
    copies: dict[str, Path] = field(default_factory=dict)  # resolved copy -> the file it was made from

    def original(self, path: str) -> str:
        found = self.copies.get(str(Path(path).resolve()))
        return str(found) if found else path


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
    public: set[str] = set()
    if len(set(ids)) == len(ids):  # paths are set per rule id: with a duplicate, narrow nothing
        for rule in rules:
            meta = rule.get("metadata") or {}
            if "paths" in rule:
                continue
            compiled = _regexes(meta.get(KEY))
            if compiled:
                needs[str(rule["id"])] = compiled
            if meta.get(SCOPE) == "public-functions" and rule.get("languages") == ["python"]:
                public.add(str(rule["id"]))
    return RuleSet(tuple(rules), needs, frozenset(public))


def _regexes(written: object) -> tuple[re.Pattern[str], ...]:
    """The prefilter as compiled, or () when it cannot be trusted (not lowercase strings, or not valid
    regexes): such a rule reads every file, as if it had none."""
    patterns = [written] if isinstance(written, str) else written if isinstance(written, list) else []
    if not patterns or not all(isinstance(p, str) and p == p.lower() for p in patterns):
        return ()
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error:
        return ()


def plan(root: Path, targets: list[Path], out: Path) -> Plan:
    """The rule configuration and targets for Semgrep over `targets`: the rules folder itself when no
    rule can be narrowed on any of them, else a rule file written at `out` (copies beside it)."""
    ruleset = load(root)
    names = {p.name for p in targets}
    # paths name files by their plain names: anything a glob could misread narrows nothing
    if (not ruleset.needs and not ruleset.public_functions) or len(names) != len(targets) \
            or not all(_PLAIN.fullmatch(n) for n in names):
        return Plan(root, list(targets))
    texts = {p.name: _text(p) for p in targets}
    lowered = {name: text.lower() for name, text in texts.items()}
    copies: dict[str, Path] = {}  # file name -> its public-functions copy
    if ruleset.public_functions:
        for path in targets:
            pruned = public_functions(texts[path.name]) if path.suffix == ".py" else None
            if pruned is not None and pruned != texts[path.name]:
                copy = out.parent / (path.name.removesuffix(".py") + _PUBLIC_COPY)
                copy.write_text(pruned, encoding="utf-8", errors="surrogateescape")
                copies[path.name] = copy
    reads: dict[str, list[str]] = {}
    for rule in ruleset.rules:
        rule_id = str(rule.get("id"))
        regexes = ruleset.needs.get(rule_id, ())
        if not regexes and rule_id not in ruleset.public_functions:
            continue
        wanted = [name for name, text in lowered.items() if all(r.search(text) for r in regexes)]
        if rule_id in ruleset.public_functions:
            wanted = [copies[n].name if n in copies else n for n in wanted]
        reads[rule_id] = wanted
    if not copies and all(len(wanted) == len(targets) for wanted in reads.values()):
        return Plan(root, list(targets))
    rules = []
    for rule in ruleset.rules:
        wanted = reads.get(str(rule.get("id")))
        if wanted is None:
            # every other rule reads the files themselves, never the copies
            rules.append({**rule, "paths": {"exclude": [c.name for c in copies.values()]}} if copies else rule)
        elif wanted:
            # plain names: a pattern without a slash matches the file's name wherever it lies
            rules.append({**rule, "paths": {"include": wanted}})
    # JSON is YAML; it writes ~150 rules in milliseconds where a YAML dump takes a good part of a second
    out.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    by_name = {p.name: p for p in targets}
    return Plan(out, [*targets, *copies.values()],
                {str(copy.resolve()): by_name[name] for name, copy in copies.items()})


def public_functions(text: str) -> str | None:
    """The text with every method (and what lies inside one) replaced by `pass` and blank lines, every
    line where it was; None when it does not parse. What a parameter source can be in stays whole."""
    tree = parse(text)  # under codeeval's one parse lock (see repair.py)
    if tree is None:
        return None
    lines = physical_lines(text)
    spans: list[tuple[int, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first_arg = (child.args.posonlyargs + child.args.args)[:1]
                if first_arg and first_arg[0].arg in ("self", "cls"):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    spans.append((first, child.end_lineno or child.lineno))
                    continue
            visit(child)

    visit(tree)
    for first, last in spans:
        head = lines[first - 1]
        indent = head[: len(head) - len(head.lstrip())]
        lines[first - 1] = indent + "pass" + _ending(head)
        for n in range(first, last):
            lines[n] = _ending(lines[n])
    return "".join(lines)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):] or "\n"


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return ""
