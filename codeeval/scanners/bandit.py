"""Bandit, run once over the whole batch, its JSON normalised to `Finding`."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from codeeval.errors import ToolError
from codeeval.scanners.base import EngineOutput, ScanConfig, Workspace
from codeeval.scanners.cwe import normalise_cwe
from codeeval.types import Confidence, Finding, Severity


# Where Bandit's CWE names a consequence rather than the weakness: eval/exec are code injection,
# not OS command injection; Flask debug mode is active debug code.
_CWE_FIXES = {"B102": ("CWE-95",), "B307": ("CWE-95",), "B201": ("CWE-489",)}


class BanditScanner:
    name = "bandit"
    languages = ("python",)

    def version(self) -> str:
        return _bandit_version()

    def scan(self, workspace: Workspace, paths: list[Path], config: ScanConfig) -> EngineOutput:
        out = EngineOutput()
        if not paths:
            return out
        report = workspace.root / "bandit.json"
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


def _finding(item: dict) -> Finding:
    line = int(item.get("line_number") or 1)
    line_range = item.get("line_range") or [line]
    test_id = item.get("test_id", "B000")
    return Finding(
        engine="bandit",
        rule_id=test_id,
        cwe=_CWE_FIXES.get(test_id) or normalise_cwe(item.get("issue_cwe")),
        severity=Severity.parse(item.get("issue_severity", "low")),
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
