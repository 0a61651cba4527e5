"""Task suites: `benchmarks/suites/<name>/` with `suite.yaml` and `tasks.jsonl`.

Loading validates everything a run relies on and names the file and line of any problem; the
suite's content hash is recorded with results so a leaderboard row says exactly what it measured.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codeeval.errors import CodeevalError
from codeeval.resources import shipped
from codeeval.types import Task

KINDS = ("insecure_code", "autocomplete", "malicious_request", "benign_request", "functional")
_CWE = re.compile(r"^CWE-\d+$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")


@dataclass(frozen=True)
class Sampling:
    samples: int = 1
    temperature: float = 0.2
    top_p: float = 0.95
    max_new_tokens: int = 512


@dataclass(frozen=True)
class Suite:
    name: str
    version: str
    description: str
    path: Path
    languages: tuple[str, ...]
    kinds: tuple[str, ...]
    executes: bool
    sampling: Sampling
    tasks: tuple[Task, ...] = field(repr=False)
    hash: str = ""  # sha256 over suite.yaml and tasks.jsonl

    def summary(self) -> dict[str, Any]:
        per_kind: dict[str, int] = {}
        for task in self.tasks:
            per_kind[task.kind] = per_kind.get(task.kind, 0) + 1
        return {
            "name": self.name, "version": self.version, "description": self.description, "path": str(self.path),
            "languages": list(self.languages), "kinds": per_kind, "tasks": len(self.tasks), "executes": self.executes,
            "hash": self.hash,
        }


def suites_root() -> Path:
    """$CODEEVAL_SUITES, else the suites shipped with codeeval."""
    if os.environ.get("CODEEVAL_SUITES"):
        return Path(os.environ["CODEEVAL_SUITES"])
    return shipped("suites") or Path(__file__).resolve().parent / "data" / "suites"


def list_suites(root: Path | None = None) -> list[str]:
    root = root or suites_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "suite.yaml").is_file())


def load_suite(name_or_path: str | Path, root: Path | None = None) -> Suite:
    path = Path(name_or_path)
    if not (path / "suite.yaml").is_file():
        path = (root or suites_root()) / str(name_or_path)
    meta_file, tasks_file = path / "suite.yaml", path / "tasks.jsonl"
    if not meta_file.is_file():
        known = ", ".join(list_suites(root)) or "none"
        raise CodeevalError(f"unknown suite {str(name_or_path)!r} (known: {known})")
    if not tasks_file.is_file():
        raise CodeevalError(f"{tasks_file}: missing (a suite needs suite.yaml and tasks.jsonl)")
    stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in (meta_file, tasks_file))
    return _load(path.resolve(), stamp)


@functools.lru_cache(maxsize=16)
def _load(path: Path, stamp: tuple) -> Suite:
    """Parse and validate once per content version: a run reads its suite at every stage."""
    meta_file, tasks_file = path / "suite.yaml", path / "tasks.jsonl"
    meta = _load_meta(meta_file)
    name = str(meta.get("name") or path.name)
    tasks = _load_tasks(tasks_file, name)
    digest = hashlib.sha256(meta_file.read_bytes() + b"\0" + tasks_file.read_bytes()).hexdigest()
    sampling = meta.get("sampling") or {}
    try:
        parsed_sampling = Sampling(**{k: sampling[k] for k in ("samples", "temperature", "top_p", "max_new_tokens") if k in sampling})
    except TypeError as exc:
        raise CodeevalError(f"{meta_file}: sampling: {exc}") from None
    return Suite(
        name=name,
        version=str(meta.get("version", "1")),
        description=" ".join(str(meta.get("description", "")).split()),
        path=path,
        languages=tuple(meta.get("languages") or sorted({t.language for t in tasks})),
        kinds=tuple(meta.get("kinds") or sorted({t.kind for t in tasks})),
        executes=bool(meta.get("executes", False)),
        sampling=parsed_sampling,
        tasks=tuple(tasks),
        hash="sha256:" + digest[:16],
    )


def _load_meta(path: Path) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise CodeevalError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(meta, dict):
        raise CodeevalError(f"{path}: expected a mapping of suite settings")
    return meta


def _load_tasks(path: Path, suite: str) -> list[Task]:
    tasks: list[Task] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CodeevalError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            task = _task(obj, suite, where)
            if task.id in seen:
                raise CodeevalError(f"{where}: duplicate task id {task.id!r}")
            seen.add(task.id)
            tasks.append(task)
    if not tasks:
        raise CodeevalError(f"{path}: no tasks")
    return tasks


def _task(obj: Any, suite: str, where: str) -> Task:
    if not isinstance(obj, dict):
        raise CodeevalError(f"{where}: expected a JSON object")
    for key in ("id", "prompt", "language", "kind"):
        if not isinstance(obj.get(key), str) or not obj[key]:
            raise CodeevalError(f"{where}: missing or empty {key!r}")
    if not _ID.match(obj["id"]):
        raise CodeevalError(f"{where}: task id {obj['id']!r} has characters outside [A-Za-z0-9._:/-]")
    if obj["kind"] not in KINDS:
        raise CodeevalError(f"{where}: unknown kind {obj['kind']!r} (expected one of: {', '.join(KINDS)})")
    cwe = obj.get("cwe") or []
    if not isinstance(cwe, list) or not all(isinstance(c, str) and _CWE.match(c) for c in cwe):
        raise CodeevalError(f"{where}: cwe must be a list of \"CWE-<n>\" strings")
    metadata = obj.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise CodeevalError(f"{where}: metadata must be an object")
    tests = obj.get("tests")
    if obj["kind"] == "functional":
        if not isinstance(tests, str) or not tests.strip():
            raise CodeevalError(f"{where}: functional task without tests")
        if not metadata.get("entry_point"):
            raise CodeevalError(f"{where}: functional task without metadata.entry_point")
    return Task(
        id=obj["id"], suite=suite, prompt=obj["prompt"], language=obj["language"], kind=obj["kind"],
        cwe=tuple(cwe), tests=tests, metadata=metadata,
    )
