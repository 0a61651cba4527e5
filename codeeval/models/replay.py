"""Replay: completions produced elsewhere, read from JSONL, so they go through the same pipeline.

Each line is {"task_id": str, "sample": int, "completion": str} with optional "model",
"finish_reason", "prompt_tokens", "completion_tokens" and "latency_s". The whole file is checked
when it is first read; any bad line is an error naming the file and line number.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from codeeval.errors import CodeevalError
from codeeval.models.base import GenerationRequest
from codeeval.models.spec import ModelSpec
from codeeval.types import Completion

_OPTIONAL = {"model": str, "finish_reason": str, "prompt_tokens": int, "completion_tokens": int, "latency_s": (int, float)}


class ReplayGenerator:
    def __init__(self, spec: ModelSpec):
        self.model = spec.raw
        self.path = Path(spec.target)
        self._records: dict[tuple[str, int], dict] | None = None
        self._identity: str | None = None

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = "replay:sha256:" + hashlib.sha256(self._read_bytes()).hexdigest()
        return self._identity

    def _read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise CodeevalError(f"replay file {self.path} does not exist") from None
        except OSError as exc:
            raise CodeevalError(f"cannot read replay file {self.path}: {exc.strerror}") from None

    def records(self) -> dict[tuple[str, int], dict]:
        if self._records is None:
            self._records = _parse(self.path, self._read_bytes())
        return self._records

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        records = self.records()
        wanted = [(r, s) for r in requests for s in r.sample_indices]
        missing = [f"{r.task_id}#{s}" for r, s in wanted if (r.task_id, s) not in records]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise CodeevalError(f"replay file {self.path} has no completion for {shown} (task_id#sample)")
        for request, sample in wanted:
            rec = records[(request.task_id, sample)]
            yield Completion(
                task_id=request.task_id,
                model=rec.get("model") or self.model,
                sample=sample,
                text=rec["completion"],
                finish_reason=rec.get("finish_reason", "stop"),
                prompt_tokens=rec.get("prompt_tokens", 0),
                completion_tokens=rec.get("completion_tokens", 0),
                latency_s=float(rec.get("latency_s", 0.0)),
                identity=self.identity,
                config_hash=request.config.hash(),
            )

    def close(self) -> None:
        pass


def _parse(path: Path, data: bytes) -> dict[tuple[str, int], dict]:
    records: dict[tuple[str, int], dict] = {}
    seen_at: dict[tuple[str, int], int] = {}
    for number, raw in enumerate(data.splitlines(), start=1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CodeevalError(f"{where}: not UTF-8 text") from None
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CodeevalError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(rec, dict):
            raise CodeevalError(f"{where}: expected a JSON object, got {type(rec).__name__}")
        for key in ("task_id", "sample", "completion"):
            if key not in rec:
                raise CodeevalError(f'{where}: missing "{key}" (each line needs "task_id", "sample", "completion")')
        if not isinstance(rec["task_id"], str) or not rec["task_id"]:
            raise CodeevalError(f'{where}: "task_id" must be a non-empty string')
        if isinstance(rec["sample"], bool) or not isinstance(rec["sample"], int) or rec["sample"] < 0:
            raise CodeevalError(f'{where}: "sample" must be an integer >= 0, got {rec["sample"]!r}')
        if not isinstance(rec["completion"], str):
            raise CodeevalError(f'{where}: "completion" must be a string, got {type(rec["completion"]).__name__}')
        for key, kind in _OPTIONAL.items():
            if key in rec and (isinstance(rec[key], bool) or not isinstance(rec[key], kind)):
                raise CodeevalError(f'{where}: "{key}" has the wrong type ({type(rec[key]).__name__})')
        key = (rec["task_id"], rec["sample"])
        if key in records:
            raise CodeevalError(f"{where}: duplicate of line {seen_at[key]} (task {key[0]!r}, sample {key[1]})")
        records[key] = rec
        seen_at[key] = number
    return records
