"""The static scan stage: many samples, one process per engine, findings mapped to original lines.

`analyse` is the one analysis every entry point uses: `codeeval scan`, the run pipeline's scan
stage, `codeeval vet` (CLI, API and service, through the Vetter's micro-batches). The same bytes get
the same findings, severities, confidences and categories wherever they come in.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from codeeval.scanners import embedded
from codeeval.scanners.bandit import BanditScanner
from codeeval.scanners.base import EXTENSIONS, EngineOutput, ScanConfig, ScanInput, Scanner, Workspace
from codeeval.scanners.capabilities import CapabilityScanner
from codeeval.scanners.merge import merge_findings
from codeeval.scanners.repair import Prepared, prepare_python, syntax_error
from codeeval.scanners.semgrep import SemgrepScanner, rules_dir, rules_hash
from codeeval.types import Finding, ScanResult

__all__ = ["ENGINES", "ScanConfig", "ScanInput", "analyse", "scan", "scan_code", "tool_versions"]

ENGINES: dict[str, type] = {"bandit": BanditScanner, "semgrep": SemgrepScanner, "capabilities": CapabilityScanner}


def _engines(config: ScanConfig) -> list[Scanner]:
    unknown = [name for name in config.engines if name not in ENGINES]
    if unknown:
        from codeeval.errors import CodeevalError

        raise CodeevalError(f"unknown engine {unknown[0]!r} (expected one of: {', '.join(ENGINES)})")
    return [ENGINES[name]() for name in config.engines]


def _prepare(item: ScanInput, repair: bool) -> Prepared:
    if item.language == "python":
        if repair:
            return prepare_python(item.code)
        return Prepared(item.code, syntax_error(item.code) is None, None, 0, item.code.count("\n") + 1)
    # No in-process parser for these: Semgrep's own parse errors decide `parsed`.
    return Prepared(item.code, True, None, 0, item.code.count("\n") + 1)


def analyse(inputs: Sequence[ScanInput], config: ScanConfig | None = None) -> list[ScanResult]:
    """Scan every input; results come back in input order. Unsupported languages get an error entry.

    Python inputs are prepared (fragments repaired), shell commands inside their string literals
    join the same batch as Bash inputs, and what the Bash rules find there is reported on the
    Python line that runs the command.
    """
    config = config or ScanConfig()
    engines = _engines(config)
    items = list(inputs)
    prepared: list[Prepared] = []
    derived: list[tuple[ScanInput, Prepared]] = []
    owners: list[tuple[int, embedded.ShellCommand]] = []
    shell_rules = any(e.name == "semgrep" for e in engines)  # the commands are read by the Bash rules
    for i, item in enumerate(inputs):
        prepared.append(_prepare(item, config.repair))
        if item.language == "python" and shell_rules:
            # right after the syntax check: the program's tree is still at hand (see repair.parse)
            for command in embedded.shell_commands(prepared[i].text):
                owners.append((i, command))
                shell = ScanInput(f"{item.key}:{command.line}", command.command, "bash")
                derived.append((shell, _prepare(shell, config.repair)))
    items += [shell for shell, _ in derived]
    prepared += [prep for _, prep in derived]
    outputs: list[EngineOutput] = []
    with tempfile.TemporaryDirectory(prefix="codeeval-scan-", dir=_scratch_dir(prepared)) as tmp:
        for start in range(0, len(items), config.batch_size):
            outputs += _scan_batch(Path(tmp) / f"b{start}", items, prepared, range(start, min(len(items), start + config.batch_size)), engines, config)
    results = [_result(i, item, prepared[i], outputs) for i, item in enumerate(items)]
    return _fold_embedded(results[: len(inputs)], results[len(inputs):], owners, prepared)


scan = analyse  # the public name (`codeeval.scan`)


def _fold_embedded(
    results: list[ScanResult], derived: list[ScanResult], owners: list[tuple[int, embedded.ShellCommand]],
    prepared: list[Prepared],
) -> list[ScanResult]:
    """Each embedded command's findings and errors, added to the Python input that runs it."""
    extra: dict[int, list[Finding]] = {}
    errors: dict[int, list[str]] = {}
    for result, (owner, command) in zip(derived, owners):
        line = prepared[owner].original_line(command.line)
        extra.setdefault(owner, []).extend(embedded.as_python_finding(f, line, command.sink) for f in result.findings)
        errors.setdefault(owner, []).extend(result.errors)
    out = list(results)
    for owner in set(extra) | set(errors):
        base = out[owner]
        out[owner] = dataclasses.replace(
            base, findings=tuple(merge_findings(list(base.findings) + extra.get(owner, []))),
            errors=tuple(dict.fromkeys(base.errors + tuple(errors.get(owner, [])))),
        )
    return out


_SHM = Path("/dev/shm")
_SHM_BUDGET = 32 * 1024 * 1024


def _scratch_dir(prepared: list[Prepared]) -> str | None:
    """Memory-backed scratch space when there is some and the batch is small: the engines read every
    file once and the tree is thrown away, so a disk round trip buys nothing."""
    if _SHM.is_dir() and os.access(_SHM, os.W_OK) and sum(len(p.text) for p in prepared) < _SHM_BUDGET:
        return str(_SHM)
    return None


def scan_code(code: str, language: str = "python", config: ScanConfig | None = None) -> ScanResult:
    return scan([ScanInput("<code>", code, language)], config)[0]


def _scan_batch(
    root: Path, inputs: Sequence[ScanInput], prepared: list[Prepared], indices: range, engines: list[Scanner],
    config: ScanConfig,
) -> list[EngineOutput]:
    root.mkdir()
    workspace = Workspace(root)
    by_engine: dict[str, list[Path]] = {engine.name: [] for engine in engines}
    for i in indices:
        ext = EXTENSIONS.get(inputs[i].language)
        if ext is None:
            continue
        # Flat names, no folder per sample: creating and removing 2,000 folders costs more than the scan on slow disks.
        path = root / f"s{i}{ext}"
        path.write_text(prepared[i].text, encoding="utf-8", errors="surrogatepass")
        workspace.files[str(path.resolve())] = i
        for engine in engines:
            if inputs[i].language in engine.languages:
                by_engine[engine.name].append(path)
    # The engines are independent processes: run them side by side.
    with ThreadPoolExecutor(max_workers=len(engines) or 1) as pool:
        futures = [pool.submit(engine.scan, workspace, by_engine[engine.name], config) for engine in engines]
        outputs = [f.result() for f in futures]
    for out in outputs:
        out.batch = set(indices)
    return outputs


def _result(i: int, item: ScanInput, prep: Prepared, outputs: list[EngineOutput]) -> ScanResult:
    if item.language not in EXTENSIONS:
        return ScanResult(item.key, item.language, False, None, (), (f"language {item.language!r} is not scanned",))
    raw: list[Finding] = []
    syntax_error = False
    # Engine-level problems (a rule that failed on this batch) are shown on every sample they touch.
    errors = tuple(dict.fromkeys([*(e for out in outputs for e in out.errors if i in out.batch),
                                  *(e for out in outputs for e in out.sample_errors.get(i, []))]))
    for out in outputs:
        for finding in out.findings.get(i, []):
            line = prep.original_line(finding.line)
            end = max(line, prep.original_line(finding.end_line))
            raw.append(dataclasses.replace(finding, line=line, end_line=end))
        syntax_error |= i in out.syntax_errors
    parsed = prep.parsed if item.language == "python" else not syntax_error
    return ScanResult(item.key, item.language, parsed, prep.repair, tuple(merge_findings(raw)), errors)


def tool_versions(config: ScanConfig | None = None) -> dict[str, str]:
    """What produced the findings: engine versions and the rule-set hash."""
    config = config or ScanConfig()
    versions = {engine.name: engine.version() for engine in _engines(config)}
    versions["rules"] = rules_hash(rules_dir(config.rules_dir))
    return versions
