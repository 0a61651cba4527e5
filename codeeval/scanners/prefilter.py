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

    metadata:
      codeeval-scope: finding-functions
      codeeval-functions:
        sources: request\\s*\\.|self\\s*\\.\\s*(path|headers|rfile)
        sinks: redirect
        imported-as: request|flask|redirect

`codeeval-scope: finding-functions` is for taint rules. `sources` (`sinks`) is a promise that every
source (sink) of the rule, as written in the function it lies in (decorators included), matches in
the lowercased text; either may be left out. Semgrep carries taint from a function into no other
function, but it does carry taint from module-level code into the functions that read it, and it
matches a call through an import alias. So such a rule reads a copy of the file in which every
function (outside any other) without a sink, or without a source, is `pass` -- but a source outside
every function lets a function hold a finding without one -- and none of the file if no function
and no code outside them can hold a finding. It reads the file whole when an import binds a name
matching `imported-as` to another name (`from flask import request as rq`). A web handler's few
functions are what such a rule needs to follow; the rest of a module is library code.

None of these changes a result, only the time (tests/scanners/test_prefilter.py compares findings with and
without them on every corpus). Each Semgrep process gets one rule file in which a rule lists, as its
own `paths`, the files it reads; a rule no file needs is left out.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from codeeval.scanners.literals import searcher
from codeeval.scanners.repair import parse, physical_lines

KEY = "codeeval-prefilter"
SCOPE = "codeeval-scope"
FUNCTIONS = "codeeval-functions"
_PLAIN = re.compile(r"[\w.-]+")
# libyaml's parser where PyYAML has it: the pure-Python one takes most of a second over the rule set
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Scope:
    """The part of a file a rule reads: a copy of it named `name` (appended to the file's stem), made by
    `prune` (None: the file is read whole; "": none of it is read)."""

    name: str
    prune: Callable[[str, ast.Module], str | None]  # the file's text and its syntax tree


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[dict, ...]  # every rule of the folder, as written
    needs: dict[str, tuple[re.Pattern[str], ...]]  # rule id -> regexes its files must all contain
    scopes: dict[str, Scope]  # rule id -> the part of each file it reads


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
            rules += (yaml.load(f, Loader=_YAML_LOADER) or {}).get("rules", [])
    ids = [str(rule.get("id")) for rule in rules]
    needs: dict[str, tuple[re.Pattern[str], ...]] = {}
    scopes: dict[str, Scope] = {}
    by_regexes: dict[tuple[str, str, str], Scope] = {}  # rules that name the same regexes share one copy
    if len(set(ids)) == len(ids):  # paths are set per rule id: with a duplicate, narrow nothing
        for rule in rules:
            meta = rule.get("metadata") or {}
            if "paths" in rule:
                continue
            compiled = _regexes(meta.get(KEY))
            if compiled:
                needs[str(rule["id"])] = compiled
            if rule.get("languages") != ["python"]:
                continue
            if meta.get(SCOPE) == "public-functions":
                scopes[str(rule["id"])] = Scope("public-functions", public_functions)
            elif meta.get(SCOPE) == "finding-functions" and (written := _finding_regexes(meta.get(FUNCTIONS))):
                if written not in by_regexes:
                    sources, sinks, imported = (re.compile(w) if w else None for w in written)
                    by_regexes[written] = Scope(
                        f"functions-{len(by_regexes)}",
                        lambda text, tree, so=sources, si=sinks, im=imported: finding_functions(text, so, si, im, tree))
                scopes[str(rule["id"])] = by_regexes[written]
    return RuleSet(tuple(rules), needs, scopes)


def _finding_regexes(written: object) -> tuple[str, str, str] | None:
    """The (sources, sinks, imported-as) regexes, "" for one left out, or None when they cannot be
    trusted (no sources nor sinks, no imported-as, not lowercase, not valid): the rule reads every
    file whole."""
    if not isinstance(written, dict):
        return None
    triple = tuple(written.get(key, "") for key in ("sources", "sinks", "imported-as"))
    if not all(isinstance(p, str) and p == p.lower() for p in triple) or not (triple[0] or triple[1]) or not triple[2]:
        return None
    try:
        for p in triple:
            re.compile(p)
    except re.error:
        return None
    return triple  # type: ignore[return-value]


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
    suffixes = {f".{scope.name}.py" for scope in ruleset.scopes.values()}  # what names a copy
    # paths name files by their plain names: anything a glob could misread narrows nothing
    if (not ruleset.needs and not ruleset.scopes) or len(names) != len(targets) \
            or not all(_PLAIN.fullmatch(n) and not n.endswith(tuple(suffixes)) for n in names):
        return Plan(root, list(targets))
    texts = {p.name: _text(p) for p in targets}
    lowered = {name: text.lower() for name, text in texts.items()}
    found: dict[tuple[str, str], bool] = {}  # (regex, file name) -> a match: rules share regexes

    def has(regex: re.Pattern[str], name: str) -> bool:
        key = regex.pattern, name
        if key not in found:
            found[key] = searcher(regex.pattern, regex.flags & ~re.UNICODE).found_in(lowered[name])
        return found[key]

    reads: dict[str, list[str]] = {}  # rule id -> the files it reads, before copies
    for rule in ruleset.rules:
        rule_id = str(rule.get("id"))
        regexes = ruleset.needs.get(rule_id, ())
        if regexes or rule_id in ruleset.scopes:
            reads[rule_id] = [name for name in lowered if all(has(r, name) for r in regexes)]
    copies: dict[tuple[str, str], Path] = {}  # (scope, file name) -> the file's copy for that scope
    nothing: set[tuple[str, str]] = set()  # (scope, file name): no part of the file is in the scope
    scopes = {s.name: s for s in ruleset.scopes.values()}
    # only the files a rule of the scope reads: Semgrep spends time on every file it is given
    needed = {name: {n for rule_id, names in reads.items() if (s := ruleset.scopes.get(rule_id)) and s.name == scope.name for n in names}
              for name, scope in scopes.items()}
    for path in targets:
        wanted_by = [scope for name, scope in scopes.items() if path.name in needed[name]]
        if not wanted_by or path.suffix != ".py":
            continue
        # parsed once for every scope, and let go before the next file: a thousand live trees slow
        # every garbage collection
        tree = parse(texts[path.name])  # under codeeval's one parse lock (see repair.py)
        for scope in wanted_by:
            pruned = scope.prune(texts[path.name], tree) if tree is not None else None
            if pruned == "":
                nothing.add((scope.name, path.name))
            elif pruned is not None and pruned != texts[path.name]:
                copy = out.parent / f"{path.name.removesuffix('.py')}.{scope.name}.py"
                copy.write_text(pruned, encoding="utf-8", errors="surrogateescape")
                copies[scope.name, path.name] = copy
    for rule_id, names in reads.items():
        if (scope := ruleset.scopes.get(rule_id)) is not None:
            reads[rule_id] = [copies[scope.name, n].name if (scope.name, n) in copies else n
                              for n in names if (scope.name, n) not in nothing]
    if not copies and all(len(wanted) == len(targets) for wanted in reads.values()):
        return Plan(root, list(targets))
    # one glob per scope: a list of every copy's name, on every rule, costs Semgrep most of a second to load
    every_copy = sorted({f"*.{scope}.py" for scope, _ in copies})
    rules = []
    for rule in ruleset.rules:
        wanted = reads.get(str(rule.get("id")))
        if wanted is None:
            # every other rule reads the files themselves, never the copies
            rules.append({**rule, "paths": {"exclude": every_copy}} if copies else rule)
        elif wanted:
            # plain names: a pattern without a slash matches the file's name wherever it lies
            rules.append({**rule, "paths": {"include": wanted}})
    # JSON is YAML; it writes ~150 rules in milliseconds where a YAML dump takes a good part of a second
    out.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    by_name = {p.name: p for p in targets}
    return Plan(out, [*targets, *copies.values()],
                {str(copy.resolve()): by_name[name] for (_, name), copy in copies.items()})


def public_functions(text: str, tree: ast.Module | None = None) -> str | None:
    """The text with every method (and what lies inside one) replaced by `pass` and blank lines, every
    line where it was; None when it does not parse. What a parameter source can be in stays whole."""
    tree = tree or parse(text)
    if tree is None:
        return None

    def is_method(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        first_arg = (node.args.posonlyargs + node.args.args)[:1]
        return bool(first_arg) and first_arg[0].arg in ("self", "cls")

    return _blank(text, _function_spans(tree, is_method))


def finding_functions(text: str, sources: re.Pattern[str] | None, sinks: re.Pattern[str] | None,
                      imported: re.Pattern[str], tree: ast.Module | None = None) -> str | None:
    """The text with every function (outside any other) that cannot hold a finding replaced by `pass`
    and blank lines (see the module's text); "" when nothing can hold one; None when the file must be
    read whole (it does not parse, an import binds a name matching `imported` to another name, or no
    regex narrows anything)."""
    tree = tree or parse(text)
    if tree is None:
        return None
    for node in _statements(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = getattr(node, "module", None) or ""
            if any(a.asname and a.asname != a.name.rsplit(".", 1)[-1]
                   and imported.search(f"{module}.{a.name}".lower()) for a in node.names):
                return None
    lines = physical_lines(text)
    spans = _function_spans(tree, lambda node: True)
    outside_lines = lines[:]
    for first, last in spans:
        outside_lines[first - 1:last] = [""] * (last - first + 1)
    outside = "".join(outside_lines).lower()
    # a source outside every function reaches the functions that read it: it no longer tells them apart
    needs = [r for r in (sources, sinks) if r is not None and not (r is sources and r.search(outside))]
    if not needs:
        return None
    dropped = [(first, last) for first, last in spans
               if not all(r.search("".join(lines[first - 1:last]).lower()) for r in needs)]
    if len(dropped) == len(spans) and not all(r.search(outside) for r in (sources, sinks) if r is not None):
        return ""  # no function can hold a finding, nor the code outside them
    return _blank(text, dropped)


def _function_spans(tree: ast.Module, chosen: Callable[[ast.FunctionDef | ast.AsyncFunctionDef], bool]) -> list[tuple[int, int]]:
    """The line spans (first decorator to last line) of the functions `chosen` picks, looking into the
    functions it does not pick and never into one it picks."""
    spans: list[tuple[int, int]] = []
    for node in _statements(tree, into=lambda n: not (isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and chosen(n))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and chosen(node):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans.append((first, node.end_lineno or node.lineno))
    return spans


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(tree: ast.Module, into: Callable[[ast.AST], bool] = lambda node: True):
    """Every statement, in source order, looking into the bodies of those `into` accepts. Functions and
    imports are statements: expressions (most of a tree) need not be visited to find them."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node is not tree:
            yield node
            if not into(node):
                continue
        children = [c for name in _BODIES if isinstance(body := getattr(node, name, None), list) for c in body]
        stack.extend(reversed(children))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    lines = physical_lines(text)
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
