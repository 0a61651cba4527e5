"""Semgrep with codeeval's own rules, run once over the whole batch, offline, results normalised."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from codeeval.errors import ToolError
from codeeval.resources import shipped
from codeeval.scanners import prefilter
from codeeval.scanners.base import EngineOutput, ScanConfig, Workspace, combine, shares
from codeeval.scanners.cwe import normalise_cwe
from codeeval.scanners.slices import as_indexes
from codeeval.types import Confidence, Finding, Severity

# Semgrep's legacy severities; the newer ones (LOW..CRITICAL) parse directly.
_LEGACY_SEVERITY = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.INFO, "INVENTORY": Severity.INFO}

# Never let Semgrep reach the network: no metrics, no version check, no registry.
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def rules_dir(configured: Path | None = None) -> Path:
    """The rule set: as configured, else $CODEEVAL_RULES, else the rules shipped with codeeval."""
    candidates = [configured] if configured else []
    if os.environ.get("CODEEVAL_RULES"):
        candidates.append(Path(os.environ["CODEEVAL_RULES"]))
    candidates.append(shipped("rules"))
    for path in candidates:
        if path is not None and path.is_dir():
            return path.resolve()
    raise ToolError("no Semgrep rules found: set CODEEVAL_RULES to the rules/ folder of a codeeval checkout")


def rule_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def rules_hash(root: Path) -> str:
    """Content hash of the rule set, recorded with every result so scores say which rules made them."""
    digest = hashlib.sha256()
    for path in rule_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return "sha256:" + digest.hexdigest()[:16]


class SemgrepScanner:
    name = "semgrep"
    languages = ("python", "bash", "javascript")

    def version(self) -> str:
        # the slice rewrite changes what the same Semgrep finds, so it is part of the identity
        return f"{_semgrep_version()}+slices-as-indexes.2"

    def scan(self, workspace: Workspace, paths: list[Path], config: ScanConfig) -> EngineOutput:
        if not paths:
            return EngineOutput()
        # Semgrep reads a copy of each Python file whose slices are written as indexes (see slices.py);
        # its findings are mapped back to the file the sample was written to.
        view = _SemgrepView(workspace, paths)
        # One single-threaded Semgrep process per core, each over a share of the files: Semgrep's
        # own threads (-j 2) cost twice the CPU for the same work here (measured 47.5 s against
        # 22.6 s of CPU on 21 KLOC of real code), and every file is analysed on its own, so the
        # split changes nothing in the results. A big batch is cut into up to three shares per core, taken
        # in turn by whichever core is free: files of the same size cost Semgrep very different times,
        # and one slow share alone would keep the other core idle (2-3 s of 51 on the benign corpus).
        cores = os.cpu_count() or 1
        size = sum(p.stat().st_size for p in view.targets)
        rounds = max(1, min(_MAX_ROUNDS, size // (cores * _ROUND_MIN_BYTES)))
        jobs = list(enumerate(shares(view.targets, cores * rounds, _PROCESS_MIN_BYTES)))
        if len(jobs) == 1:
            return _run_process(view, jobs[0][1], config, 0)
        with ThreadPoolExecutor(max_workers=min(cores, len(jobs))) as pool:
            return combine(list(pool.map(lambda job: _run_process(view, job[1], config, job[0]), jobs)))


class _SemgrepView:
    """The files Semgrep is given, and the sample each stands for."""

    def __init__(self, workspace: Workspace, paths: list[Path]) -> None:
        self.workspace = workspace
        self.root = workspace.root
        self.targets: list[Path] = []
        self._originals: dict[str, str] = {}
        folder = workspace.root / "semgrep-view"
        for path in paths:
            rewritten = as_indexes(_text(path)) if path.suffix == ".py" else None
            if rewritten is None:
                self.targets.append(path)
                continue
            folder.mkdir(exist_ok=True)
            copy = folder / path.name
            with copy.open("w", encoding="utf-8", newline="") as f:
                f.write(rewritten)
            self._originals[str(copy.resolve())] = str(path)
            self.targets.append(copy)

    def sample_for(self, path: str) -> int | None:
        return self.workspace.sample_for(self._originals.get(str(Path(path).resolve()), path))


def _text(path: Path) -> str:
    """The file as text, or "" when it is not UTF-8: a copy must hold the same bytes but for the slices."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return ""


_PROCESS_MIN_BYTES = 512 * 1024  # below this, a second process costs more in rule loading than it saves
_ROUND_MIN_BYTES = 512 * 1024  # a share of a later round is worth its process start from about here
_MAX_ROUNDS = 3


def _run_process(workspace: _SemgrepView, paths: list[Path], config: ScanConfig, n: int) -> EngineOutput:
    out = EngineOutput()
    plan = prefilter.plan(rules_dir(config.rules_dir), paths, workspace.root.resolve() / f"rules{n}.yaml")
    report = workspace.root / f"semgrep{n}.json"
    cmd = [
        # --experimental is Semgrep's OCaml front end (osemgrep): the same engine and results,
        # but it loads a rule set in a fraction of the time the Python wrapper takes (1.8 s of CPU
        # against 12.6 s for 300 samples and ~150 rules here), and rule loading dominates a batch.
        semgrep_binary(), "scan", "--experimental",
        # An absolute path: a relative "r/..." would be read as a registry id and fetched.
        "--config", str(plan.config),
        "--json", "--quiet",
        "--metrics", "off", "--disable-version-check",
        "--no-git-ignore", "--disable-nosem",
        "--timeout", str(int(config.per_file_timeout_s)),
        "--jobs", "1",
        # Semgrep skips files over 1 MB by default without an error; codeeval's sources cap the size.
        "--max-target-bytes", "0",
        *config.extra_semgrep_args,
        *[str(p) for p in plan.targets],
    ]
    try:
        # osemgrep ignores --output: the JSON arrives on stdout.
        with report.open("wb") as sink:
            proc = subprocess.run(
                cmd, stdout=sink, stderr=subprocess.PIPE, text=False, timeout=config.timeout_s, check=False,
                env=_env(), cwd=workspace.root,
            )
    except subprocess.TimeoutExpired:
        raise ToolError(f"semgrep did not finish within {config.timeout_s:.0f} s") from None
    data = _load_report(report)
    if proc.returncode not in (0, 1) or not data:
        reasons = [" ".join(str(e.get("message", "")).split()) for e in data.get("errors", [])]
        reasons = reasons or proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ToolError(f"semgrep failed (exit {proc.returncode}): {' | '.join(reasons)[:500] or 'no output'}")
    for error in data.get("errors", []):
        idx = workspace.sample_for(plan.original(error["path"])) if error.get("path") else None
        kind = str(error.get("type", ""))
        if idx is not None and ("Syntax" in kind or "Parsing" in kind or "Lexical" in kind):
            out.syntax_errors.add(idx)
        elif idx is None and error.get("level") == "error":
            out.errors.append(f"semgrep: {error.get('message', kind)}".strip())
        elif idx is not None:
            # A rule that timed out or ran out of memory on this file: its findings are missing.
            message = " ".join(str(error.get("message", "")).split())[:200]
            out.sample_errors.setdefault(idx, []).append(f"semgrep: {kind or 'error'}: {message}".rstrip(": "))
    for item in data.get("results", []):
        idx = workspace.sample_for(plan.original(item.get("path", "")))
        if idx is None:
            continue
        out.findings.setdefault(idx, []).append(_finding(item))
    return out


def _load_report(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8", errors="replace") or "{}")
    except json.JSONDecodeError:
        return {}


def _finding(item: dict) -> Finding:
    extra = item.get("extra", {})
    meta = extra.get("metadata", {}) or {}
    rule_id = str(item.get("check_id", "")).rsplit(".", 1)[-1]
    raw_severity = str(extra.get("severity", "INFO")).upper()
    severity = _LEGACY_SEVERITY.get(raw_severity) or Severity.parse(raw_severity)
    try:
        confidence = Confidence.parse(str(meta.get("confidence", "medium")))
    except ValueError:
        confidence = Confidence.MEDIUM
    malicious = meta.get("codeeval-class") == "malicious" or meta.get("category") == "malicious"
    line = int(item.get("start", {}).get("line", 1))
    return Finding(
        engine="semgrep",
        rule_id=rule_id,
        cwe=normalise_cwe(meta.get("cwe")),
        severity=severity,
        confidence=confidence,
        line=line,
        end_line=max(line, int(item.get("end", {}).get("line", line))),
        message=" ".join(str(extra.get("message", "")).split()),
        category="malicious" if malicious else "security",
        evidence=(f"semgrep:{rule_id}",),
    )


def semgrep_binary() -> str:
    beside = Path(sys.executable).with_name("semgrep")
    if beside.exists():
        return str(beside)
    found = shutil.which("semgrep")
    if not found:
        raise ToolError("semgrep is not installed: run `make setup` or `pip install semgrep`")
    return found


def _env() -> dict[str, str]:
    return {**os.environ, **OFFLINE_ENV}


@lru_cache(maxsize=1)
def _semgrep_version() -> str:
    try:
        from importlib import metadata

        return metadata.version("semgrep")
    except Exception:  # noqa: BLE001 - a semgrep binary outside Python packaging
        proc = subprocess.run([semgrep_binary(), "--version"], capture_output=True, text=True, env=_env(), timeout=60,
                              check=False)
        return proc.stdout.strip() or "unknown"
