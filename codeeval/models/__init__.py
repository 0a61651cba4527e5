"""Model backends behind one batch-first protocol, and the code that runs them against the store."""

from __future__ import annotations

from typing import Any

from codeeval.models.base import GenerationConfig, GenerationRequest, Generator
from codeeval.models.spec import ModelSpec, parse_spec

__all__ = ["GenerationConfig", "GenerationRequest", "Generator", "ModelSpec", "load_generator", "parse_spec"]


def load_generator(spec: str | ModelSpec, **options: Any) -> Generator:
    """The backend for a spec. Options go to the backend (e.g. batch_size, device for transformers;
    concurrency, timeout_s for servers). Loading is lazy: weights are read on the first generate."""
    parsed = spec if isinstance(spec, ModelSpec) else parse_spec(spec)
    if parsed.kind in ("hf", "gguf"):
        from codeeval.models.hf import HFGenerator

        return HFGenerator(parsed, **options)
    if parsed.kind == "llamacpp":
        from codeeval.models.llamacpp import LlamaCppGenerator

        return LlamaCppGenerator(parsed, **options)
    if parsed.kind == "openai":
        from codeeval.models.openai_compat import OpenAIGenerator

        return OpenAIGenerator(parsed, **options)
    from codeeval.models.replay import ReplayGenerator

    return ReplayGenerator(parsed, **options)
