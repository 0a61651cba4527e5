"""The generator protocol every model backend implements, and the records it works on.

Backends are batch-first: `generate(requests)` takes every request at once so each backend can
batch its own way (padding for transformers, concurrent HTTP calls for servers), and yields each
completion as soon as it exists so the caller can store it before the next batch starts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from codeeval.errors import CodeevalError
from codeeval.types import Completion

ChatMessage = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}
Prompt = str | Sequence[ChatMessage]  # plain text means completion mode, messages mean chat mode


@dataclass(frozen=True)
class GenerationConfig:
    max_new_tokens: int = 512
    temperature: float = 0.0  # 0 means greedy decoding
    top_p: float = 1.0
    n: int = 1  # samples per prompt
    seed: int = 0
    stop: tuple[str, ...] = ()  # the completion ends before the first of these
    system_prompt: str | None = None  # added to chat prompts that carry no system message

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise CodeevalError(f"max_new_tokens must be at least 1, got {self.max_new_tokens}")
        if self.temperature < 0:
            raise CodeevalError(f"temperature must be 0 or more, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise CodeevalError(f"top_p must be in (0, 1], got {self.top_p}")
        if self.n < 1:
            raise CodeevalError(f"n (samples per prompt) must be at least 1, got {self.n}")
        object.__setattr__(self, "stop", tuple(self.stop))

    def as_dict(self) -> dict:
        """Everything that changes what a given sample looks like. `n` is left out on purpose:
        asking for more samples must not invalidate the ones already stored."""
        return {
            "max_new_tokens": self.max_new_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "seed": self.seed,
            "stop": list(self.stop),
            "system_prompt": self.system_prompt,
        }

    def hash(self) -> str:
        canonical = json.dumps(self.as_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def greedy(self) -> bool:
        return self.temperature == 0


@dataclass(frozen=True)
class GenerationRequest:
    task_id: str
    prompt: Prompt
    config: GenerationConfig = field(default_factory=GenerationConfig)
    samples: tuple[int, ...] | None = None  # sample indices to produce; None means range(config.n)

    def __post_init__(self) -> None:
        if not isinstance(self.prompt, str):
            messages = tuple(dict(m) for m in self.prompt)
            for m in messages:
                if set(m) < {"role", "content"} or not isinstance(m.get("content"), str):
                    raise CodeevalError(f"task {self.task_id}: chat messages need 'role' and 'content' strings, got {m!r}")
            object.__setattr__(self, "prompt", messages)
        if self.samples is not None:
            object.__setattr__(self, "samples", tuple(self.samples))

    @property
    def is_chat(self) -> bool:
        return not isinstance(self.prompt, str)

    @property
    def sample_indices(self) -> tuple[int, ...]:
        return self.samples if self.samples is not None else tuple(range(self.config.n))

    def messages(self) -> list[dict[str, str]]:
        """Chat messages with the config's system prompt added when the prompt has none."""
        messages = [dict(m) for m in self.prompt]  # type: ignore[union-attr]
        if self.config.system_prompt and not any(m["role"] == "system" for m in messages):
            messages.insert(0, {"role": "system", "content": self.config.system_prompt})
        return messages


@runtime_checkable
class Generator(Protocol):
    """A model backend. `model` is the spec as the user gave it; `identity` pins the exact weights
    (GGUF sha256, hub revision, served model name) and must be cheap: it is read before any
    generation to find completions already stored, so a fully stored rerun never loads a model."""

    model: str

    @property
    def identity(self) -> str: ...

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        """One completion per (request, sample index), in whatever order they finish."""
        ...

    def close(self) -> None: ...


def cut_at_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """The text before the earliest stop sequence, and whether one was found."""
    cut = min((i for i in (text.find(s) for s in stop if s) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)
