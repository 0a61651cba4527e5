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
    engines: tuple[str, ...] = ("bandit", "semgrep", "capabilities")
    rules_dir: Path | None = None  # None: the rules shipped with codeeval (or $CODEEVAL_RULES)
    timeout_s: float = 300.0  # for one engine process over the whole batch
    per_file_timeout_s: float = 10.0  # Semgrep's per-file, per-rule budget
    # Bandit's own skip list. B101 assert_used: noise in generated code, not a risk of running it.
    # B413 import_pycrypto: `Crypto` is also pycryptodome, the maintained library secure code uses;
    # the weak ciphers and modes themselves are found by the crypto rules whichever library holds them.
    # B102 exec_used, B307 eval: fire on every exec/eval, literals and allow-list-guarded
    # calculators included; python-eval-exec-nonliteral covers both on non-literal code and knows those guards.
    # B202 tarfile_unsafe_members: fires on an extraction that checked every member first;
    # python-tarfile-extractall-unfiltered covers unfiltered extraction and knows those checks.
    bandit_skip: tuple[str, ...] = ("B101", "B102", "B202", "B307", "B413")
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

    def scan(self, workspace: Workspace, paths: list[Path], config: ScanConfig) -> EngineOutput: ...


@dataclass
class EngineOutput:
    findings: dict[int, list[Finding]] = field(default_factory=dict)  # sample index -> findings (prepared lines)
    syntax_errors: set[int] = field(default_factory=set)  # samples the engine could not parse fully
    errors: list[str] = field(default_factory=list)  # engine-level problems worth reporting
    # sample index -> problems that left part of that sample unanalysed (a per-file timeout, a skipped file)
    sample_errors: dict[int, list[str]] = field(default_factory=dict)
    batch: set[int] = field(default_factory=set)  # the samples this output covers


def shares(paths: list[Path], cores: int, min_bytes: int) -> list[list[Path]]:
    """Files dealt to at most one process per core (each with at least about `min_bytes` of code, so
    it pays for its start), largest first, each to the lightest share."""
    sized = sorted(((p.stat().st_size, p) for p in paths), key=lambda sp: -sp[0])
    total = sum(size for size, _ in sized)
    count = max(1, min(cores, len(paths), total // max(min_bytes, 1)))
    out: list[list[Path]] = [[] for _ in range(count)]
    loads = [0] * count
    for size, path in sized:
        lightest = loads.index(min(loads))
        out[lightest].append(path)
        loads[lightest] += size
    return [share for share in out if share]


def combine(parts: list[EngineOutput]) -> EngineOutput:
    out = EngineOutput()
    for part in parts:
        for idx, found in part.findings.items():
            out.findings.setdefault(idx, []).extend(found)
        out.syntax_errors |= part.syntax_errors
        out.errors += [e for e in part.errors if e not in out.errors]
        for idx, errors in part.sample_errors.items():
            out.sample_errors.setdefault(idx, []).extend(errors)
    return out
