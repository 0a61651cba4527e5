"""The run configuration file: models x suites x options, as garak's `--config` and inspect's `eval-set`.

```yaml
version: 1
models: [llama-3.2-1b, "openai:http://localhost:8000/v1#qwen"]
suites: [insecure-code, malicious-intent]
samples: 5
limit: 20
```

Every (model, suite) pair is one run. Options given on the command line override the file's; `-m`/`-s`
on the command line replace its lists. Paths (db, replay files, suite folders) are relative to the
current directory, as on the command line. `RunConfig` (pydantic) is the one definition of the shape: it
validates the file and gives its JSON Schema (`codeeval config schema run`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from codeeval.errors import CodeevalError


class RunConfigError(CodeevalError):
    """The run configuration is invalid; the message names the key and what is expected."""


class RunConfig(BaseModel):
    """A codeeval run configuration: every model is run on every suite with the same options."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, title="RunConfig")

    version: Literal[1] = Field(1, description="Format version; 1.")
    models: list[str] = Field(
        min_length=1, description="Model specs: hf:ID|DIR, gguf:FILE, openai:URL#NAME, replay:FILE, or catalog aliases.")
    suites: list[str] = Field(min_length=1, description="Suite names (`codeeval suites list`) or folders.")
    samples: int | None = Field(None, ge=1, description="Samples per task (default: the suite's).")
    limit: int | None = Field(None, ge=1, description="Only the first K tasks of each suite.")
    temperature: float | None = Field(None, ge=0, description="Override each suite's temperature.")
    max_new_tokens: int | None = Field(None, ge=1, description="Override each suite's token budget.")
    batch_size: int | None = Field(None, ge=1, description="Prompts per batch (transformers backends).")
    workers: int | None = Field(None, ge=1, description="Sandbox concurrency (default: CPU count).")
    no_exec: bool = Field(False, description="Do not run code in the sandbox.")
    db: str | None = Field(None, min_length=1, description="SQLite store (default: $CODEEVAL_DB, else ./codeeval.db).")
    executor: str | None = Field(None, min_length=1, description="Where samples run: local | ray.")
    address: str | None = Field(None, min_length=1, description="Ray cluster address for executor ray.")

    @field_validator("models", "suites", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        # `models: llama-3.2-1b` means a list of one.
        return [value] if isinstance(value, str) else value

    @field_validator("models", "suites")
    @classmethod
    def _named(cls, value: list[str]) -> list[str]:
        names = [v.strip() for v in value]
        if not all(names):
            raise ValueError("an entry is empty")
        return list(dict.fromkeys(names))

    @field_validator("version", mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("True is not a version (expected 1)")  # noqa: TRY004 - pydantic reports ValueError
        return value

    def pairs(self) -> list[tuple[str, str]]:
        """(model, suite) in the order they run: each model through every suite, then the next model."""
        return [(model, suite) for model in self.models for suite in self.suites]

    def run_options(self, model: str, suite: str) -> Any:
        from codeeval.pipeline import RunOptions

        return RunOptions(
            model=model, suite=suite, samples=self.samples, limit=self.limit, workers=self.workers,
            execute=not self.no_exec, max_new_tokens=self.max_new_tokens, temperature=self.temperature,
            model_options={"batch_size": self.batch_size} if self.batch_size else {},
        )


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def explain(error: dict[str, Any]) -> str:
    """One line naming the key and the problem, from pydantic's error."""
    path, kind, value = _dotted(tuple(error["loc"])), error["type"], error.get("input")
    if kind == "extra_forbidden":
        return f"unknown key {path!r} (expected: {', '.join(RunConfig.model_fields)})"
    if kind == "missing":
        return f"{path}: required"
    if kind == "model_type":
        return "expected a mapping of settings at the top level"
    if kind == "value_error":
        return f"{path}: {error['msg'].removeprefix('Value error, ')}"
    if kind == "literal_error":
        return f"{path}: {value!r} is not supported (expected {error['ctx']['expected']})"
    if kind == "too_short":
        return f"{path}: must not be empty"
    return f"{path}: {error['msg'][:1].lower()}{error['msg'][1:]} (got {value!r})"


def parse_run_config(data: Any, source: str = "<config>") -> RunConfig:
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise RunConfigError(f"run config {source}: {explain(exc.errors(include_url=False)[0])}") from None


def load_document(path: Path) -> dict[str, Any]:
    """The YAML file as a mapping (validated later, once command-line options are laid over it)."""
    from codeeval.yamltext import load_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RunConfigError(f"run config {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RunConfigError(f"run config {path}: cannot read it ({exc})") from None
    data = load_yaml(text, f"run config {path}", RunConfigError)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RunConfigError(f"run config {path}: expected a mapping of settings at the top level")
    return data


def build(config_file: Path | None, overrides: dict[str, Any]) -> RunConfig:
    """The file's settings with command-line `overrides` (None/empty: not given) laid over them."""
    data = load_document(config_file) if config_file is not None else {}
    given = {k: v for k, v in overrides.items() if v not in (None, [], ())}
    if given.get("no_exec") is False:
        given.pop("no_exec")
    source = str(config_file) if config_file is not None else "<command line>"
    if config_file is None and not (given.get("models") and given.get("suites")):
        raise RunConfigError("--model and --suite are required (or --config FILE, or --resume RUN_ID)")
    return parse_run_config({**data, **given}, source)


def run_config_schema() -> dict[str, Any]:
    return RunConfig.model_json_schema()
