"""Bandit over a batch, its results normalised to `Finding`.

Small batches (a `vet` call, a handful of files) run in-process through Bandit's manager API: its
tests are loaded once, then each file is one AST walk, milliseconds against an interpreter start.
Large batches run as Bandit processes side by side, one per core, each over a share of the files.
Both ways run the same Bandit with the same settings, so they report the same findings.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import os
import subprocess
import sys
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from codeeval.errors import ToolError
from codeeval.scanners.base import EngineOutput, ScanConfig, Workspace, combine, shares
from codeeval.scanners.cwe import normalise_cwe
from codeeval.scanners.repair import AST_LOCK, parse
from codeeval.types import Confidence, Finding, Severity

# Where Bandit's CWE names a consequence rather than the weakness: eval/exec are code injection,
# not OS command injection; Flask debug mode is active debug code.
_CWE_FIXES = {"B102": ("CWE-95",), "B307": ("CWE-95",), "B201": ("CWE-489",)}

# Bandit's import checks (B401-B415) report a module being imported, not anything done with it;
# some rate that high (xmlrpc, telnetlib, ftplib). An import alone is at most a low finding here:
# the calls that misuse those modules have rules of their own.
_IMPORT_CHECKS = frozenset(f"B4{n:02d}" for n in range(1, 16))

# Highest severity a Bandit check may give, where Bandit's own rating is a guess about purpose.
# B324 (md5/sha1 without usedforsecurity=False) is high whatever the hash is for: ETags, cache keys
# and file fingerprints are the common use. A weak hash of a password or in a signature is high
# through python-weak-hash-password, which sees the purpose.
#
# B602/B605 (a shell running a command that is not a literal) are high whoever supplies the
# command: a pager from $PAGER, a build helper's own string. Without evidence of where it comes
# from that is a medium finding, as python-os-system-injection and python-subprocess-shell-injection
# rate it; the taint rules (a request, a function parameter reaching the shell) report high.
_SEVERITY_CAPS = {
    **{check: Severity.LOW for check in _IMPORT_CHECKS},
    "B324": Severity.MEDIUM, "B602": Severity.MEDIUM, "B605": Severity.MEDIUM,
    # B103 calls 0o755 and 0o644 "permissive" (any group or other bit): the normal modes of a directory
    # or a published file. What is unsafe, write for others, is python-world-writable-permissions
    # (medium, any spelling of the mode); secret files readable by others are python-secret-file-permissive-mode.
    "B103": Severity.LOW,
}


class BanditScanner:
    name = "bandit"
    languages = ("python",)

    def version(self) -> str:
        return _bandit_version()

    def scan(self, workspace: Workspace, paths: list[Path], config: ScanConfig) -> EngineOutput:
        out = EngineOutput()
        if not paths:
            return out
        if len(paths) <= IN_PROCESS_MAX_FILES:
            out = _in_process(workspace, paths, config)
        else:
            jobs = list(enumerate(shares(paths, os.cpu_count() or 1, _PROCESS_MIN_BYTES)))
            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                out = combine(list(pool.map(lambda job: _run_process(workspace, job[1], config, job[0]), jobs)))
        _refine_shell_passthrough(workspace, out)
        return out


_SHELL_KEYWORD_CHECKS = {"B602", "B604"}  # subprocess / any call with shell=<truthy>


def _refine_shell_passthrough(workspace: Workspace, out: EngineOutput) -> None:
    """`shell=shell`: Bandit takes any non-False value as shell=True, so every wrapper that passes
    its caller's choice through (asyncio's create_subprocess_shell, a `run(cmd, shell=False)`
    helper) is reported as a sure, high shell injection. Only a literal true value is one; a
    passed-through flag is kept as a low, low-confidence finding."""
    paths = {idx: path for path, idx in workspace.files.items()}
    for idx, found in out.findings.items():
        if not any(f.rule_id in _SHELL_KEYWORD_CHECKS for f in found) or idx not in paths:
            continue
        lines = _passthrough_shell_lines(Path(paths[idx]).read_text(encoding="utf-8", errors="replace"))
        out.findings[idx] = [
            dataclasses.replace(f, severity=Severity.LOW, confidence=Confidence.LOW,
                                message=f"{f.message} (shell= is passed through from a variable, not set to True here)")
            if f.rule_id in _SHELL_KEYWORD_CHECKS and f.line in lines else f
            for f in found
        ]


def _passthrough_shell_lines(text: str) -> set[int]:
    tree = parse(text)
    if tree is None:
        return set()
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "shell" and isinstance(keyword.value, (ast.Name, ast.Attribute)):
                    lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


IN_PROCESS_MAX_FILES = 64  # up to here an interpreter start per process costs more than the scan itself
_PROCESS_MIN_BYTES = 256 * 1024  # a process needs about this much code to pay for its start


def _run_process(workspace: Workspace, paths: list[Path], config: ScanConfig, n: int) -> EngineOutput:
    out = EngineOutput()
    report = workspace.root / f"bandit{n}.json"
    cmd = [
        sys.executable, "-m", "bandit",
        "--format", "json", "--output", str(report), "--quiet",
        # A model can write `# nosec` too: an evaluator must not let the code under test silence it.
        "--ignore-nosec",
    ]
    if config.bandit_skip:
        cmd += ["--skip", ",".join(config.bandit_skip)]
    cmd += [str(p) for p in paths]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=config.timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise ToolError(f"bandit did not finish within {config.timeout_s:.0f} s") from None
    # Bandit exits 1 when it found issues; only a missing report means it failed.
    if not report.exists():
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ToolError(f"bandit failed (exit {proc.returncode}): {detail[0]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    for error in data.get("errors", []):
        idx = workspace.sample_for(error.get("filename", ""))
        if idx is not None:
            out.syntax_errors.add(idx)
    for item in data.get("results", []):
        idx = workspace.sample_for(item.get("filename", ""))
        if idx is None:
            continue
        out.findings.setdefault(idx, []).append(_finding(item))
    return out


def _in_process(workspace: Workspace, paths: list[Path], config: ScanConfig) -> EngineOutput:
    """Bandit's own manager and test set, loaded once per process; a fresh manager per file
    (managers keep per-run state, so sharing one across threads would mix results)."""
    manager_cls, bandit_config = _bandit_api()
    profile = {"exclude": list(config.bandit_skip)} if config.bandit_skip else {}
    out = EngineOutput()
    for path in paths:
        idx = workspace.sample_for(str(path))
        if idx is None:
            continue
        # The same switch as the command line's --ignore-nosec.
        manager = manager_cls(bandit_config, "file", quiet=True, profile=profile, ignore_nosec=True)
        # CPython 3.11 counts the parser's recursion per process, not per thread (gh-106905): two parses at
        # once in different threads fail with SystemError on large input, so every parse takes one lock.
        with AST_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in model code are not our concern
            manager._parse_file(str(path), io.BytesIO(path.read_bytes()), [str(path)])
        if manager.skipped:
            out.syntax_errors.add(idx)
        for issue in manager.get_issue_list():
            out.findings.setdefault(idx, []).append(_finding(issue.as_dict(with_code=False)))
    return out


_api_lock = threading.Lock()


@lru_cache(maxsize=1)
def _bandit_api():
    with _api_lock:
        from bandit.core import config as b_config
        from bandit.core import manager as b_manager

        return b_manager.BanditManager, b_config.BanditConfig()


def _finding(item: dict) -> Finding:
    line = int(item.get("line_number") or 1)
    line_range = item.get("line_range") or [line]
    test_id = item.get("test_id", "B000")
    severity = Severity.parse(item.get("issue_severity", "low"))
    if test_id in _SEVERITY_CAPS:
        severity = min(severity, _SEVERITY_CAPS[test_id])
    return Finding(
        engine="bandit",
        rule_id=test_id,
        cwe=_CWE_FIXES.get(test_id) or normalise_cwe(item.get("issue_cwe")),
        severity=severity,
        confidence=Confidence.parse(item.get("issue_confidence", "low")),
        line=line,
        end_line=max(line, int(max(line_range))),
        message=f"{item.get('issue_text', '').strip()} [{item.get('test_name', '')}]",
        category="security",
        evidence=(f"bandit:{test_id}",),
    )


@lru_cache(maxsize=1)
def _bandit_version() -> str:
    try:
        return metadata.version("bandit")
    except metadata.PackageNotFoundError:
        raise ToolError("bandit is not installed: run `make setup` or `pip install bandit`") from None
