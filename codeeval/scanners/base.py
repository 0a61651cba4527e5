"""What every static engine implements, and the inputs it receives.

An engine scans a whole batch in one process over a temporary tree (`Workspace`) and maps its
results back to samples by file path; findings carry lines of the *prepared* text, which the
caller maps back to the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from codeeval.types import Finding

EXTENSIONS = {"python": ".py", "bash": ".sh", "javascript": ".js"}
SUPPORTED_LANGUAGES = tuple(EXTENSIONS)


@dataclass(frozen=True)
class ScanInput:
    """One piece of code to scan."""

    key: str  # how the caller names it: a file path, "<stdin>", "task-3/0"
    code: str
    language: str  # canonical name, see codeeval.languages


@dataclass(frozen=True)
class ScanConfig:
    engines: tuple[str, ...] = ("bandit", "semgrep")
    rules_dir: Path | None = None  # None: the rules shipped with codeeval (or $CODEEVAL_RULES)
    timeout_s: float = 300.0  # for one engine process over the whole batch
    per_file_timeout_s: float = 10.0  # Semgrep's per-file, per-rule budget
    # Bandit's own skip list. B101 assert_used: noise in generated code, not a risk of running it.
    # B413 import_pycrypto: `Crypto` is also pycryptodome, the maintained library secure code uses;
    # the weak ciphers and modes themselves are found by the crypto rules whichever library holds them.
    # B307 eval: fires on every eval, allow-list-guarded calculators and literals included;
    # python-eval-exec-nonliteral covers eval of non-literal code and knows those guards.
    bandit_skip: tuple[str, ...] = ("B101", "B307", "B413")
    repair: bool = True  # repair Python fragments that do not parse (off: engines see the raw text)
    batch_size: int = 2000  # files per engine process; bounds memory and command size on huge inputs
    extra_semgrep_args: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class Workspace:
    """The temporary tree an engine scans: one file per sample, named so paths map back."""

    root: Path
    files: dict[str, int] = field(default_factory=dict)  # resolved file path -> sample index

    def sample_for(self, path: str) -> int | None:
        return self.files.get(str(Path(path).resolve()))


class Scanner(Protocol):
    name: str
    languages: tuple[str, ...]

    def version(self) -> str: ...

    def scan(self, workspace: Workspace, paths: list[Path], config: ScanConfig) -> "EngineOutput": ...


@dataclass
class EngineOutput:
    findings: dict[int, list[Finding]] = field(default_factory=dict)  # sample index -> findings (prepared lines)
    syntax_errors: set[int] = field(default_factory=set)  # samples the engine could not parse fully
    errors: list[str] = field(default_factory=list)  # engine-level problems worth reporting
    batch: set[int] = field(default_factory=set)  # the samples this output covers
