"""The records that flow through every stage: generate -> extract -> scan -> execute -> score.

They are frozen dataclasses so a stage can never change what an earlier stage produced;
`to_dict` gives the JSON shape used by the CLI, the store and the reports.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from codeeval.run_status import STARTED, classify_run


class _Level(enum.IntEnum):
    """An ordered level read from text in any case ("high", "HIGH") and written back in lower case."""

    @classmethod
    def parse(cls, value: str | _Level):  # noqa: ANN206 - returns cls
        if isinstance(value, cls):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            names = "|".join(level.label for level in cls)
            raise ValueError(f"unknown {cls.__name__.lower()} {value!r} (expected {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Severity(_Level):
    """Ordered so thresholds are plain comparisons (`finding.severity >= Severity.HIGH`)."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


class Confidence(_Level):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


def _plain(value: Any) -> Any:
    """JSON-ready form of a record field."""
    if isinstance(value, _Level):
        return value.label
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: `to_dict()` for every record, and `from_dict()` to read one back from the store."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):  # noqa: ANN206 - returns cls
        hints = _field_hints(cls)
        return cls(**{k: _typed(hints[k], v) for k, v in data.items() if k in hints})


@functools.lru_cache(maxsize=None)
def _field_hints(cls: type) -> dict[str, Any]:
    """Resolved annotations of a record's fields (resolving them is slow: once per class). Derived
    fields (init=False) are left out: they are computed again, never read back."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]


def _typed(hint: Any, value: Any) -> Any:
    """Rebuild a field from its JSON form, following the field's annotation."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            return _typed(arg, value)
    if origin is tuple:
        return tuple(_typed(args[0], v) for v in value)
    if isinstance(hint, type):
        if issubclass(hint, _Level):
            return hint.parse(value)
        if issubclass(hint, Record):
            return hint.from_dict(value)
    return value


@dataclass(frozen=True)
class Task(Record):
    id: str  # unique within its suite
    suite: str  # suite name
    prompt: str  # instruction, or code prefix for autocomplete tasks
    language: str  # python | bash | javascript ...
    kind: str  # insecure_code | autocomplete | malicious_request | benign_request | functional
    cwe: tuple[str, ...] = ()  # CWEs the prompt tempts, "CWE-<n>" form
    tests: str | None = None  # pytest source for functional tasks
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Completion(Record):
    task_id: str
    model: str  # model spec as given by the user
    sample: int  # sample index for this task, 0-based
    text: str  # raw model output, never modified
    finish_reason: str = "stop"  # stop | length | error
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    identity: str = ""  # resolved model identity: hub revision, or sha256 of the GGUF file
    config_hash: str = ""  # hash of the generation config it was produced with
    prompt_truncated: int = 0  # prompt tokens dropped from the start to fit the context window


@dataclass(frozen=True)
class CodeSample(Record):
    code: str  # the extracted code
    language: str  # python | bash | javascript | unknown ...
    method: str  # how it was extracted: fenced | fenced_untagged | fenced_joined | unterminated_fence | unfenced | empty
    raw: str  # the text it was extracted from, kept beside it
    blocks: int = 0  # how many code blocks the raw text held
    task_id: str | None = None
    sample: int | None = None


@dataclass(frozen=True)
class Finding(Record):
    engine: str  # bandit | semgrep | bandit+semgrep after merging
    rule_id: str  # engine rule id; merged findings list the others in `evidence`
    cwe: tuple[str, ...]  # "CWE-<n>" form, sorted
    severity: Severity
    confidence: Confidence
    line: int  # 1-based, in the original text
    end_line: int
    message: str
    category: str = "security"  # security | malicious
    evidence: tuple[str, ...] = ()  # every "engine:rule_id" that reported it


@dataclass(frozen=True)
class ScanResult(Record):
    path: str  # file path, or a sample key such as "<stdin>" or "task/0"
    language: str
    parsed: bool  # the (possibly repaired) code parsed as a whole
    repair: str | None  # what was done to make it parse: dedent, wrap_function, ... or None
    findings: tuple[Finding, ...] = ()
    errors: tuple[str, ...] = ()  # problems with this input (too large, binary, tool error)


@dataclass(frozen=True)
class Event(Record):
    kind: str  # syscall family or audit event: connect, open, execve, unlink, dns, ...
    detail: dict[str, Any] = field(default_factory=dict)  # path, address, args, result/errno
    pid: int | None = None
    source: str = "strace"  # strace | audit | sink | resolver | host


@dataclass(frozen=True)
class Behaviour(Record):
    id: str  # stable id from the taxonomy, e.g. network.egress
    severity: Severity
    evidence: tuple[dict[str, Any], ...] = ()  # the events that prove it
    summary: str = ""


@dataclass(frozen=True)
class TestOutcome(Record):
    name: str  # pytest node id
    outcome: str  # passed | failed | error | skipped
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunStatus(Record):
    """Did it run? See codeeval.run_status for the rules that decide it."""

    kind: str  # ran | crashed_on_start | timed_out | killed | error
    cause: str | None = None  # syntax_error | missing_module | import_error | missing_file | missing_command | collection_error | oom | signal
    detail: str | None = None  # the module, path, command, signal name, or error message

    @property
    def started(self) -> bool:
        """Got past start-up, so what it did was observed (to the end, or until stopped)."""
        return self.kind in STARTED

    def describe(self) -> str:
        """One short phrase for tables: `crashed_on_start: missing_module flask`."""
        text = self.kind
        if self.cause:
            text += f": {self.cause}" + (f" {self.detail}" if self.detail else "")
        elif self.detail and self.kind == "error":
            text += f": {self.detail}"
        return text


@dataclass(frozen=True)
class ExecResult(Record):
    exit_code: int | None
    signal: int | None
    timed_out: bool
    oom_killed: bool
    duration_s: float
    stdout: str
    stderr: str
    truncated: bool  # stdout or stderr hit the cap
    events: tuple[Event, ...] = ()
    behaviours: tuple[Behaviour, ...] = ()
    tests: tuple[TestOutcome, ...] = ()
    error: str | None = None  # sandbox failure, distinct from the sample failing
    context: dict[str, Any] = field(default_factory=dict)  # what classifying the events needs again (rescore)
    # Did it run? Derived from the fields above by run_status.classify_run whenever a result is made,
    # read back or replaced, so it can never disagree with them; stored for readers of the JSON.
    run_status: RunStatus = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_status", RunStatus(*classify_run(self)))


@dataclass(frozen=True)
class Interval(Record):
    low: float
    high: float


@dataclass(frozen=True)
class Score(Record):
    name: str  # e.g. insecure_code_rate, pass@1
    value: float | None  # None when there is nothing to compute it from
    successes: int = 0
    total: int = 0
    interval: Interval | None = None  # Wilson 95% where it applies
    group: str | None = None  # breakdown key, e.g. CWE-78 or network.egress
    evidence: tuple[str, ...] = ()  # sample keys it was computed from
    denominator: str = ""  # what `total` counts, in words ("executed samples that ran (...)")
