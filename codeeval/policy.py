"""The vet policy: which findings and behaviours warn or block, and which rules a team has accepted.

A policy is YAML (or the same shape as a dict, e.g. in an HTTP request). Every key is optional: a
missing one keeps the value of the default policy shipped in `codeeval/data/default-policy.yaml`,
so a team file can be as small as its allow-list. Unknown keys, bad severities and allow-list
entries without a justification are errors: a typo must never silently loosen the policy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.languages import SCANNED
from codeeval.types import Confidence, Finding, Record, Severity

EFFECTS = ("allow", "warn", "block")  # ordered: the verdict is the worst effect of any reason
_TOP_KEYS = {"version", "name", "languages", "findings", "behaviours", "unparsed", "unanalysed", "allow"}
# Input not fully analysed is never allowed: a policy chooses only how loudly it is refused.
UNANALYSED_EFFECTS = ("warn", "block")
_FINDING_KEYS = {"warn", "block", "min_confidence", "block_categories"}
_BEHAVIOUR_KEYS = {"warn", "block", "always_block"}
_ALLOW_KEYS = {"rule", "justification"}
_CATEGORIES = ("security", "malicious")
_SEVERITIES = tuple(s.label for s in Severity)
_CONFIDENCES = tuple(c.label for c in Confidence)
_OFF = ("off", "none", "never")


class PolicyError(CodeevalError):
    """The policy file or document is invalid; the message names the key and what is expected."""


@dataclass(frozen=True)
class AllowEntry(Record):
    rule: str  # a rule id ("B324") or engine-qualified ("bandit:B324", "semgrep:python-weak-hash-password")
    justification: str  # why the team accepts it; required so every exception is explained

    def matches(self, evidence: str) -> bool:
        """`evidence` is "engine:rule_id" as a Finding carries it."""
        return self.rule == evidence or self.rule == evidence.split(":", 1)[-1]


@dataclass(frozen=True)
class Policy(Record):
    name: str = "default"
    languages: tuple[str, ...] = SCANNED  # languages this policy vets; others are refused
    finding_warn: Severity | None = Severity.MEDIUM  # a finding at or above this warns (None: never)
    finding_block: Severity | None = Severity.CRITICAL  # ... blocks (None: never by severity)
    min_confidence: Confidence = Confidence.LOW  # findings less sure than this are listed, not counted
    block_categories: tuple[str, ...] = ("malicious",)  # finding classes that block at any severity
    behaviour_warn: Severity | None = Severity.MEDIUM
    behaviour_block: Severity | None = Severity.HIGH
    always_block: tuple[str, ...] = ()  # behaviour ids that block at any severity
    unparsed: str = "warn"  # effect when the code could not be parsed, so the static scan saw only part of it
    # effect when executable content was not fully analysed: too large, undecodable, binary, unknown
    # language, a scanner error or timeout, the sandbox giving no result
    unanalysed: str = "block"
    allow: tuple[AllowEntry, ...] = ()
    source: str = "<default>"  # where it was loaded from (file path, "<request>", "<default>")
    digest: str = field(default="", compare=False)  # sha256 of the effective settings, reported with verdicts

    def allowed(self, finding: Finding) -> AllowEntry | None:
        """The entry that accepts this finding: every rule that reported it must be allowed, so allowing a
        noisy Bandit test never hides a malicious-class Semgrep rule merged onto the same line."""
        evidence = finding.evidence or (f"{finding.engine}:{finding.rule_id}",)
        entries = []
        for item in evidence:
            entry = next((a for a in self.allow if a.matches(item)), None)
            if entry is None:
                return None
            entries.append(entry)
        return entries[0]


def default_policy() -> Policy:
    return _default_policy()


@lru_cache(maxsize=1)
def _default_policy() -> Policy:
    text = resources.files("codeeval").joinpath("data/default-policy.yaml").read_text(encoding="utf-8")
    return _parse_text(text, "<default>", base=Policy())


def load_policy(spec: Policy | Mapping[str, Any] | str | Path | None) -> Policy:
    """A Policy from a Policy, a dict in the YAML's shape, a path to a YAML file, or None (the default)."""
    if spec is None:
        return default_policy()
    if isinstance(spec, Policy):
        return spec
    if isinstance(spec, Mapping):
        return parse_policy(spec, "<request>")
    path = Path(spec)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"policy {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"policy {path}: cannot read it ({exc})") from None
    return _parse_text(text, str(path), base=default_policy())


def _parse_text(text: str, source: str, base: Policy) -> Policy:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise PolicyError(f"policy {source}: not valid YAML{at}") from None
    if data is None:
        data = {}
    return parse_policy(data, source, base=base)


def parse_policy(data: Any, source: str = "<request>", base: Policy | None = None) -> Policy:
    """Validate a policy document; keys it leaves out keep `base` (the shipped default)."""
    base = base if base is not None else default_policy()

    def bad(message: str) -> PolicyError:
        return PolicyError(f"policy {source}: {message}")

    if not isinstance(data, Mapping):
        raise bad("expected a mapping of settings at the top level")
    _no_unknown(data, _TOP_KEYS, "", bad)
    version = data.get("version", 1)
    if version != 1 or isinstance(version, bool):
        raise bad(f"version: {version!r} is not supported (expected 1)")
    values: dict[str, Any] = {f: getattr(base, f) for f in Policy.__dataclass_fields__ if f not in ("source", "digest")}
    if "name" in data:
        values["name"] = _text(data["name"], "name", bad)
    if "languages" in data:
        langs = _strings(data["languages"], "languages", bad)
        unknown = [lang for lang in langs if lang not in SCANNED]
        if unknown or not langs:
            raise bad(f"languages: {unknown[0] if unknown else 'empty'!r} (expected some of: {', '.join(SCANNED)})")
        values["languages"] = tuple(dict.fromkeys(langs))
    findings = _section(data, "findings", _FINDING_KEYS, bad)
    if "warn" in findings:
        values["finding_warn"] = _threshold(findings["warn"], "findings.warn", bad)
    if "block" in findings:
        values["finding_block"] = _threshold(findings["block"], "findings.block", bad)
    if "min_confidence" in findings:
        confidence = findings["min_confidence"]
        if confidence not in _CONFIDENCES:
            raise bad(f"findings.min_confidence: {confidence!r} (expected low|medium|high)")
        values["min_confidence"] = Confidence.parse(confidence)
    if "block_categories" in findings:
        cats = _strings(findings["block_categories"], "findings.block_categories", bad)
        unknown = [c for c in cats if c not in _CATEGORIES]
        if unknown:
            raise bad(f"findings.block_categories: {unknown[0]!r} (expected some of: {', '.join(_CATEGORIES)})")
        values["block_categories"] = tuple(dict.fromkeys(cats))
    behaviours = _section(data, "behaviours", _BEHAVIOUR_KEYS, bad)
    if "warn" in behaviours:
        values["behaviour_warn"] = _threshold(behaviours["warn"], "behaviours.warn", bad)
    if "block" in behaviours:
        values["behaviour_block"] = _threshold(behaviours["block"], "behaviours.block", bad)
    if "always_block" in behaviours:
        ids = _strings(behaviours["always_block"], "behaviours.always_block", bad)
        taxonomy = _taxonomy()
        unknown = [i for i in ids if i not in taxonomy]
        if unknown:
            raise bad(f"behaviours.always_block: unknown behaviour id {unknown[0]!r} (see the behaviour taxonomy in the README)")
        values["always_block"] = tuple(dict.fromkeys(ids))
    if "unparsed" in data:
        effect = data["unparsed"]
        if effect not in EFFECTS:
            raise bad(f"unparsed: {effect!r} (expected one of: {', '.join(EFFECTS)})")
        values["unparsed"] = effect
    if "unanalysed" in data:
        effect = data["unanalysed"]
        if effect not in UNANALYSED_EFFECTS:
            raise bad(f"unanalysed: {effect!r} (expected one of: {', '.join(UNANALYSED_EFFECTS)}; input not fully analysed is never allowed)")
        values["unanalysed"] = effect
    if "allow" in data:
        values["allow"] = _allow_list(data["allow"], bad)
    for kind in ("finding", "behaviour"):
        warn, block = values[f"{kind}_warn"], values[f"{kind}_block"]
        if warn is not None and block is not None and warn > block:
            raise bad(f"{kind}s.warn ({warn.label}) is above {kind}s.block ({block.label}): warn must not be stricter than block")
    policy = Policy(**values, source=source)
    return Policy(**values, source=source, digest=_digest(policy))


def _no_unknown(data: Mapping, known: set[str], prefix: str, bad) -> None:
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise bad(f"unknown key {prefix + unknown[0]!r} (expected: {', '.join(sorted(known))})")


def _section(data: Mapping, key: str, known: set[str], bad) -> Mapping:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise bad(f"{key}: expected a mapping with keys {', '.join(sorted(known))}")
    _no_unknown(value, known, f"{key}.", bad)
    return value


def _threshold(value: Any, key: str, bad) -> Severity | None:
    if value is None or value in _OFF:
        return None
    if value not in _SEVERITIES:
        raise bad(f"{key}: {value!r} (expected info|low|medium|high|critical or off)")
    return Severity.parse(value)


def _text(value: Any, key: str, bad) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad(f"{key}: expected a non-empty string")
    return value.strip()


def _strings(value: Any, key: str, bad) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad(f"{key}: expected a list of strings")
    return list(value)


def _allow_list(value: Any, bad) -> tuple[AllowEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise bad("allow: expected a list of {rule, justification} entries")
    entries = []
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise bad(f"allow[{i}]: expected a mapping with 'rule' and 'justification'")
        _no_unknown(item, _ALLOW_KEYS, f"allow[{i}].", bad)
        rule = item.get("rule")
        if not isinstance(rule, str) or not rule.strip():
            raise bad(f"allow[{i}]: 'rule' must name a rule id such as B324 or semgrep:python-weak-hash-password")
        justification = item.get("justification")
        if not isinstance(justification, str) or not justification.strip():
            raise bad(f"allow[{i}] ({rule.strip()}): a justification is required: say why this rule is accepted")
        entries.append(AllowEntry(rule.strip(), " ".join(justification.split())))
    return tuple(entries)


@lru_cache(maxsize=1)
def _taxonomy() -> frozenset[str]:
    # behaviours.py is pure (no Docker import); it owns the list of behaviour ids.
    from codeeval.execution.behaviours import TAXONOMY

    return frozenset(TAXONOMY)


def _digest(policy: Policy) -> str:
    settings = {k: v for k, v in policy.to_dict().items() if k not in ("source", "digest", "name")}
    blob = json.dumps(settings, sort_keys=True, default=str).encode()
    return "sha256:" + hashlib.sha256(blob).hexdigest()[:16]


def loosenings(candidate: Policy, base: Policy) -> list[str]:
    """Every setting in which `candidate` lets through what `base` would not; empty when it only tightens.

    A server applies its own policy; a client's may only be stricter (the vet service refuses the rest
    unless started to allow it)."""
    out: list[str] = []

    def looser_threshold(key: str, mine: Severity | None, theirs: Severity | None) -> None:
        # A lower threshold catches more; None (off) catches nothing.
        if theirs is not None and (mine is None or mine > theirs):
            out.append(f"{key}: {_label(mine)} is looser than {_label(theirs)}")

    extra = [lang for lang in candidate.languages if lang not in base.languages]
    if extra:
        out.append(f"languages: adds {', '.join(extra)}")
    looser_threshold("findings.warn", candidate.finding_warn, base.finding_warn)
    looser_threshold("findings.block", candidate.finding_block, base.finding_block)
    if candidate.min_confidence > base.min_confidence:
        out.append(f"findings.min_confidence: {candidate.min_confidence.label} is looser than {base.min_confidence.label}")
    dropped = [c for c in base.block_categories if c not in candidate.block_categories]
    if dropped:
        out.append(f"findings.block_categories: drops {', '.join(dropped)}")
    looser_threshold("behaviours.warn", candidate.behaviour_warn, base.behaviour_warn)
    looser_threshold("behaviours.block", candidate.behaviour_block, base.behaviour_block)
    dropped = [b for b in base.always_block if b not in candidate.always_block]
    if dropped:
        out.append(f"behaviours.always_block: drops {', '.join(dropped)}")
    for key in ("unparsed", "unanalysed"):
        mine, theirs = getattr(candidate, key), getattr(base, key)
        if EFFECTS.index(mine) < EFFECTS.index(theirs):
            out.append(f"{key}: {mine} is looser than {theirs}")
    added = [a.rule for a in candidate.allow if a not in base.allow]
    if added:
        out.append(f"allow: adds {', '.join(added)}")
    return out


def _label(severity: Severity | None) -> str:
    return "off" if severity is None else severity.label


def policy_schema() -> dict[str, Any]:
    """JSON Schema of a policy document (the YAML file, or `policy` in an HTTP request).

    It states every per-key rule `parse_policy` enforces; the one cross-key rule (warn not above block)
    and a language missing from the policy are reported by `parse_policy` alone."""
    threshold = {"anyOf": [{"type": "string", "enum": [*_SEVERITIES, *_OFF]}, {"type": "null"}]}
    text = {"type": "string", "pattern": r"\S"}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "version": {"type": "integer", "enum": [1]},
            "name": text,
            "languages": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(SCANNED)}},
            "findings": {"anyOf": [{"type": "null"}, {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "warn": threshold, "block": threshold,
                    "min_confidence": {"type": "string", "enum": list(_CONFIDENCES)},
                    "block_categories": {"type": "array", "items": {"type": "string", "enum": list(_CATEGORIES)}},
                },
            }]},
            "behaviours": {"anyOf": [{"type": "null"}, {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "warn": threshold, "block": threshold,
                    "always_block": {"type": "array", "items": {"type": "string", "enum": sorted(_taxonomy())}},
                },
            }]},
            "unparsed": {"type": "string", "enum": list(EFFECTS)},
            "unanalysed": {"type": "string", "enum": list(UNANALYSED_EFFECTS)},
            "allow": {"anyOf": [{"type": "null"}, {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["rule", "justification"],
                "properties": {"rule": text, "justification": text},
            }}]},
        },
    }
