"""Model specs: one string names a model and the backend that runs it.

    hf:<hub id or local dir>[@revision]   transformers, weights from the hub cache or a folder
    gguf:<path to .gguf>                  transformers loading a GGUF file
    llamacpp:<path to .gguf>              llama.cpp (llama-cpp-python), several sequences decoded together
    openai:<url>[,<url>...]#<model>[?key_env=NAME]   an OpenAI-compatible server (vLLM, Ollama, llama.cpp, TGI);
                                             several URLs are replicas of one model, used together
    replay:<file.jsonl>                   completions produced elsewhere
    <catalog alias>                       e.g. qwen2.5-coder-0.5b-instruct (offline GGUF when pulled, else hub)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from codeeval.errors import CodeevalError
from codeeval.models import catalog

KINDS = ("hf", "gguf", "llamacpp", "openai", "replay")


@dataclass(frozen=True)
class ModelSpec:
    raw: str  # as the user wrote it (an alias stays an alias here)
    kind: str  # hf | gguf | llamacpp | openai | replay
    target: str  # hub id, local path, base url, or replay file
    revision: str | None = None  # hf only
    model_name: str | None = None  # openai only: the served model name
    key_env: str = "OPENAI_API_KEY"  # openai only: environment variable holding the API key
    alias: str | None = None  # catalog alias it was resolved from


def parse_spec(spec: str) -> ModelSpec:
    raw = spec.strip()
    if not raw:
        raise CodeevalError(
            "empty model spec; use hf:<id|dir>, gguf:<file>, llamacpp:<file>, openai:<url>#<model>, replay:<file> or an alias"
        )
    kind, sep, rest = raw.partition(":")
    if not sep or kind not in KINDS:
        resolved = catalog.resolve_alias(raw)
        if resolved is None:
            aliases = ", ".join(catalog.CATALOG)
            raise CodeevalError(
                f"unknown model spec {raw!r}: expected hf:<id|dir>, gguf:<file>, openai:<url>#<model>, "
                f"replay:<file.jsonl>, or an alias ({aliases})"
            )
        parsed = parse_spec(resolved)
        return ModelSpec(**{**parsed.__dict__, "raw": raw, "alias": catalog.lookup(raw).name})  # type: ignore[union-attr]
    if not rest:
        raise CodeevalError(f"model spec {raw!r} names no {kind} target")
    if kind == "hf":
        return _parse_hf(raw, rest)
    if kind in ("gguf", "llamacpp"):
        if not rest.endswith(".gguf") and not Path(rest).is_file():
            raise CodeevalError(f"{kind} spec {raw!r} should name a .gguf file")
        return ModelSpec(raw, kind, rest)
    if kind == "openai":
        return _parse_openai(raw, rest)
    return ModelSpec(raw, "replay", rest)


def _parse_hf(raw: str, rest: str) -> ModelSpec:
    # A local folder may itself contain "@"; only a hub id takes an @revision suffix.
    if "@" in rest and not Path(rest).exists():
        target, _, revision = rest.rpartition("@")
        if not target or not revision:
            raise CodeevalError(f"hf spec {raw!r}: write hf:<hub id>@<revision>")
        return ModelSpec(raw, "hf", target, revision=revision)
    return ModelSpec(raw, "hf", rest)


def _parse_openai(raw: str, rest: str) -> ModelSpec:
    url, sep, model = rest.partition("#")
    if not sep or not model:
        raise CodeevalError(f"openai spec {raw!r} needs a model name: openai:<base url>#<model>")
    if not url.startswith(("http://", "https://")):
        raise CodeevalError(f"openai spec {raw!r}: the base url must start with http:// or https://")
    model, _, query = model.partition("?")
    key_env = "OPENAI_API_KEY"
    if query:
        options = parse_qs(query, keep_blank_values=True)
        unknown = set(options) - {"key_env"}
        if unknown:
            raise CodeevalError(f"openai spec {raw!r}: unknown option(s) {', '.join(sorted(unknown))} (known: key_env)")
        key_env = options["key_env"][-1]
        if not key_env.isidentifier():
            raise CodeevalError(f"openai spec {raw!r}: key_env must name an environment variable")
    return ModelSpec(raw, "openai", url.rstrip("/"), model_name=model, key_env=key_env)
