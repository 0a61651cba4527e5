"""The vet policy: which findings and behaviours warn or block, and which rules a team has accepted.

A policy is YAML (or the same shape as a dict, e.g. in an HTTP request). Every key is optional: a
missing one keeps the value of the default policy shipped in `codeeval/data/default-policy.yaml`,
so a team file can be as small as its allow-list. Unknown keys, bad severities and allow-list
entries without a justification are errors: a typo must never silently loosen the policy.

`PolicyDocument` (pydantic) is the one definition of the file's shape: it validates documents and
gives the JSON Schema (`codeeval config schema policy`, the service's OpenAPI). `Policy` is the
effective policy after a document is laid over its base.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from codeeval.errors import CodeevalError
from codeeval.execution.behaviours import TAXONOMY  # pure: the list of behaviour ids, no Docker import
from codeeval.languages import SCANNED
from codeeval.types import Confidence, Finding, Record, Severity

EFFECTS = ("allow", "warn", "block")  # ordered: the verdict is the worst effect of any reason
# Input not fully analysed is never allowed: a policy chooses only how loudly it is refused.
UNANALYSED_EFFECTS = ("warn", "block")
_CATEGORIES = ("security", "malicious")
_SEVERITIES = tuple(s.label for s in Severity)
_CONFIDENCES = tuple(c.label for c in Confidence)
_OFF = ("off", "none", "never")


class PolicyError(CodeevalError):
    """The policy file or document is invalid; the message names the key and what is expected."""


# ---- the document: one pydantic model for validation and schema -------------------------------------

Threshold = Annotated[
    Literal[_SEVERITIES + _OFF] | None,  # type: ignore[valid-type]
    Field(description="A severity (info|low|medium|high|critical), or off (also none, never, null): never."),
]


def _no_defaults(schema: dict[str, Any]) -> None:
    # A key left out keeps the base policy's value (the shipped default, or a server's policy), so the
    # model's placeholder defaults would mislead a reader of the schema.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, json_schema_extra=_no_defaults)


class FindingRules(_Document):
    """Static findings (Bandit, Semgrep and the capability engine)."""

    warn: Threshold = None
    block: Threshold = None
    min_confidence: Literal[_CONFIDENCES] = Field(  # type: ignore[valid-type]
        None, description="Findings less sure than this are listed but never change the verdict.")
    block_categories: list[Literal[_CATEGORIES]] = Field(  # type: ignore[valid-type]
        None, description="Finding classes that block at any severity.")


class BehaviourRules(_Document):
    """Behaviours seen when the code ran in the sandbox."""

    warn: Threshold = None
    block: Threshold = None
    always_block: list[Literal[tuple(TAXONOMY)]] = Field(  # type: ignore[valid-type]
        None, description="Behaviour ids that block at any severity (the taxonomy in the README).")


class AllowRule(_Document):
    """A rule the team accepts, and why."""

    rule: str = Field(pattern=r"\S", description='A rule id ("B324") or engine-qualified ("bandit:B324").')
    justification: str = Field(pattern=r"\S", description="Why the team accepts it; required.")

    @model_validator(mode="before")
    @classmethod
    def _explain(cls, data: Any) -> Any:
        # The generic "field required" would not say what a good entry looks like.
        if isinstance(data, Mapping):
            rule = data.get("rule")
            if not isinstance(rule, str) or not rule.strip():
                raise PydanticCustomError("allow_rule", "'rule' must name a rule id such as B324 or "
                                          "semgrep:python-weak-hash-password")
            justification = data.get("justification")
            if not isinstance(justification, str) or not justification.strip():
                raise PydanticCustomError("allow_justification", "a justification is required: say why this rule "
                                          "is accepted", {"rule": rule.strip()})
        return data


class PolicyDocument(_Document):
    """A codeeval vet policy. Every key is optional: what is left out keeps the base policy's value."""

    model_config = ConfigDict(title="Policy")

    version: Literal[1] = Field(1, description="Format version; 1.")
    name: str = Field(None, pattern=r"\S", description="Shown with every verdict.")
    languages: list[Literal[SCANNED]] = Field(  # type: ignore[valid-type]
        None, min_length=1, description="Languages this policy vets; code in any other language is refused.")
    findings: FindingRules | None = None
    behaviours: BehaviourRules | None = None
    unparsed: Literal[EFFECTS] = Field(  # type: ignore[valid-type]
        None, description="Effect when the code did not parse, so the static scan saw only part of it.")
    unanalysed: Literal[UNANALYSED_EFFECTS] = Field(  # type: ignore[valid-type]
        None, description="Effect when executable content was not fully analysed; never allow.")
    allow: list[AllowRule] | None = Field(None, description="Rules the team accepts, each with a justification.")

    @field_validator("version", mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):  # True == 1 in Python; in a policy file it is a typo
            raise PydanticCustomError("literal_error", "", {"expected": "1"})
        return value


# Per-key wording where the generic one would not help.
_HINTS = {
    "version": "{value!r} is not supported (expected 1)",
    "behaviours.always_block": "unknown behaviour id {value!r} (see the behaviour taxonomy in the README)",
    "unanalysed": "{value!r} (expected one of: warn, block; input not fully analysed is never allowed)",
}
_SECTIONS: dict[str, type[BaseModel]] = {
    "": PolicyDocument, "findings": FindingRules, "behaviours": BehaviourRules, "allow[]": AllowRule,
}


def _section_key(loc: tuple) -> str:
    """("allow", 0) -> "allow[]": the key of _SECTIONS for the mapping at `loc`."""
    return ".".join(str(p) for p in loc if not isinstance(p, int)) + ("[]" if loc and isinstance(loc[-1], int) else "")


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(error: dict[str, Any]) -> str:
    """One line naming the key and what is expected, from pydantic's first error."""
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    path = _dotted(loc)
    if kind == "extra_forbidden":
        known = _SECTIONS.get(_section_key(loc[:-1]), PolicyDocument).model_fields
        return f"unknown key {path!r} (expected: {', '.join(sorted(known))})"
    if kind == "allow_rule":
        return f"{path}: {error['msg']}"
    if kind == "allow_justification":
        return f"{path} ({error['ctx']['rule']}): {error['msg']}"
    if kind == "literal_error":
        if loc and isinstance(loc[-1], int):  # an item of a list names the list
            path = _dotted(loc[:-1])
        hint = _HINTS.get(path)
        if hint:
            return f"{path}: " + hint.format(value=value)
        expected = error["ctx"]["expected"].replace("'", "")
        return f"{path}: {value!r} (expected {'some' if loc and isinstance(loc[-1], int) else 'one'} of: {expected})"
    where = path or "top level"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        fields = _SECTIONS.get(_section_key(loc))
        keys = f" with keys {', '.join(fields.model_fields)}" if fields else ""
        return "expected a mapping of settings at the top level" if not loc else f"{where}: expected a mapping{keys}"
    if kind == "list_type":
        return f"{where}: expected a list"
    if kind in ("string_type", "string_pattern_mismatch"):
        return f"{where}: expected a non-empty string"
    if kind == "too_short":
        return f"{where}: must not be empty"
    return f"{where}: {error['msg']}"


def validate_document(data: Any, source: str = "<request>") -> PolicyDocument:
    """The document checked against the model; PolicyError names the first key at fault."""
    try:
        return PolicyDocument.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(f"policy {source}: {_explain(exc.errors(include_url=False)[0])}") from None


def policy_schema(ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """JSON Schema of a policy document (the YAML file, or `policy` in an HTTP request), generated from
    the model. The one cross-key rule (warn not above block, after the base is applied) is checked by
    `parse_policy` alone."""
    return PolicyDocument.model_json_schema(ref_template=ref_template)


# ---- the effective policy --------------------------------------------------------------------------


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
        """The entry that accepts this finding. A finding merged from several rules is one weakness on one
        line, so naming any of its rules accepts it; a malicious-class finding needs every rule named, so
        allowing a noisy Bandit test never hides a malicious Semgrep rule merged onto the same line."""
        evidence = finding.evidence or (f"{finding.engine}:{finding.rule_id}",)
        entries = [next((a for a in self.allow if a.matches(item)), None) for item in evidence]
        named = [e for e in entries if e is not None]
        if not named or (finding.category == "malicious" and len(named) < len(entries)):
            return None
        return named[0]


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
    from codeeval.yamltext import load_yaml

    data = load_yaml(text, f"policy {source}", PolicyError)
    if data is None:
        data = {}
    return parse_policy(data, source, base=base)


def parse_policy(data: Any, source: str = "<request>", base: Policy | None = None) -> Policy:
    """Validate a policy document; keys it leaves out keep `base` (the shipped default)."""
    base = base if base is not None else default_policy()
    return apply_document(validate_document(data, source), base, source)


def apply_document(doc: PolicyDocument, base: Policy, source: str) -> Policy:
    """`base` with every key the document sets replaced."""
    values: dict[str, Any] = {f: getattr(base, f) for f in Policy.__dataclass_fields__ if f not in ("source", "digest")}
    given = doc.model_fields_set
    if "name" in given:
        values["name"] = doc.name.strip()
    if "languages" in given:
        values["languages"] = tuple(dict.fromkeys(doc.languages))
    for key in ("unparsed", "unanalysed"):
        if key in given:
            values[key] = getattr(doc, key)
    if "allow" in given:
        values["allow"] = tuple(AllowEntry(a.rule.strip(), " ".join(a.justification.split())) for a in doc.allow or ())
    sections = (("findings", "finding", doc.findings, {"block_categories": "block_categories"}),
                ("behaviours", "behaviour", doc.behaviours, {"always_block": "always_block"}))
    for _, kind, section, lists in sections:
        if section is None:
            continue
        for key in ("warn", "block"):
            if key in section.model_fields_set:
                value = getattr(section, key)
                values[f"{kind}_{key}"] = None if value is None or value in _OFF else Severity.parse(value)
        for key, target in lists.items():
            if key in section.model_fields_set:
                values[target] = tuple(dict.fromkeys(getattr(section, key)))
        if kind == "finding" and "min_confidence" in section.model_fields_set:
            values["min_confidence"] = Confidence.parse(section.min_confidence)
    for kind in ("finding", "behaviour"):
        warn, block = values[f"{kind}_warn"], values[f"{kind}_block"]
        if warn is not None and block is not None and warn > block:
            raise PolicyError(f"policy {source}: {kind}s.warn ({warn.label}) is above {kind}s.block ({block.label}): "
                              "warn must not be stricter than block")
    policy = Policy(**values, source=source)
    return Policy(**values, source=source, digest=_digest(policy))


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
