"""llama.cpp backend (`llamacpp:<file.gguf>`): GGUF models on CPUs at llama.cpp speed, several sequences
decoded together.

llama-cpp-python's high-level `Llama` and its bundled server decode one sequence at a time; decoding several
together goes through the low-level functions it exposes (../shared/notes/llama-cpp-batching.md): one
context with `n_seq_max` sequences, a batch whose tokens carry their sequence id and position, one
`llama_decode` per step for every live sequence, the logits of each sequence's last token, and the memory
cleared between groups. Greedy text can differ from transformers' and with the number of sequences decoded
together, so the identity names the backend, llama.cpp's version and the group size: completions from
different backends or group sizes never share a store key or a leaderboard row.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.models import catalog
from codeeval.models.base import GenerationRequest, cut_at_stop
from codeeval.models.spec import ModelSpec
from codeeval.types import Completion


@dataclass
class _Seq:
    request: GenerationRequest
    sample: int
    prompt: list[int]
    rng: Any
    tokens: list[int] = field(default_factory=list)
    text: bytes = b""
    finish: str | None = None
    truncated: int = 0


class LlamaCppGenerator:
    """A GGUF file run by llama.cpp, `sequences` at a time."""

    def __init__(self, spec: ModelSpec, *, sequences: int = 8, context: int = 2048, threads: int | None = None,
                 batch_size: int | None = None):
        if not Path(spec.target).is_file():
            raise CodeevalError(f"GGUF file {spec.target} does not exist")
        try:
            import llama_cpp
        except ImportError:
            raise CodeevalError("llama-cpp-python is not installed: run `make setup` (it builds once, from source)") from None
        self._ll = llama_cpp
        self.model = spec.raw
        self.spec = spec
        self.sequences = max(1, batch_size or sequences)  # batch_size: the option name other backends take
        self.context = context
        self.threads = threads
        self._identity: str | None = None
        self._model = self._ctx = self._vocab = None
        self.load_s: float | None = None

    @property
    def identity(self) -> str:
        if self._identity is None:
            path = Path(self.spec.target)
            sha = catalog.known_sha256(path) or _sha256_file(path)
            self._identity = f"llamacpp-{self._ll.__version__}:seqs={self.sequences}:gguf:sha256:{sha}"
        return self._identity

    # -- loading ------------------------------------------------------------------------------------------
    def _load(self) -> None:
        if self._ctx is not None:
            return
        ll = self._ll
        started = time.monotonic()
        ll.llama_backend_init()
        _silence(ll)
        mparams = ll.llama_model_default_params()
        if _has_amx(ll):
            # A build for a CPU with AMX (Sapphire Rapids and later) repacks the weights into AMX tiles,
            # and decoding a Q4_K model there dies in ggml_backend_amx_mul_mat (ggml-org/llama.cpp#20824):
            # without the extra buffer types it decodes with AVX-512, correctly.
            mparams.use_extra_bufts = False
        self._model = ll.llama_model_load_from_file(str(self.spec.target).encode(), mparams)
        if not self._model:
            raise CodeevalError(f"llama.cpp could not load {self.spec.target}")
        self._vocab = ll.llama_model_get_vocab(self._model)
        cparams = ll.llama_context_default_params()
        cparams.n_seq_max = self.sequences
        cparams.n_ctx = self.context * self.sequences
        cparams.n_batch = max(512, self.sequences)
        cparams.n_ubatch = cparams.n_batch
        cparams.kv_unified = True  # one cache for all sequences: each may use what the others leave
        if self.threads:
            cparams.n_threads = cparams.n_threads_batch = self.threads
        self._ctx = ll.llama_init_from_model(self._model, cparams)
        if not self._ctx:
            raise CodeevalError("llama.cpp could not create a context (too little memory for the sequences?)")
        self._n_vocab = ll.llama_vocab_n_tokens(self._vocab)
        self.load_s = time.monotonic() - started

    def close(self) -> None:
        if self._ctx is not None:
            self._ll.llama_free(self._ctx)
            self._ctx = None
        if self._model is not None:
            self._ll.llama_model_free(self._model)
            self._model = None

    # -- text <-> tokens ----------------------------------------------------------------------------------
    def _prompt_text(self, request: GenerationRequest) -> str:
        if not request.is_chat:
            return request.prompt  # type: ignore[return-value]
        template = self._ll.llama_model_chat_template(self._model, None)
        if not template:
            raise CodeevalError(f"{self.spec.target} carries no chat template; give plain-text prompts")
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        return env.from_string(template.decode()).render(messages=request.messages(), add_generation_prompt=True,
                                                        bos_token="", eos_token="")

    def _tokenize(self, text: str) -> list[int]:
        data = text.encode()
        room = len(data) + 16
        buf = (self._ll.llama_token * room)()
        n = self._ll.llama_tokenize(self._vocab, data, len(data), buf, room, True, True)
        if n < 0:
            raise CodeevalError("llama.cpp could not tokenize a prompt")
        return list(buf[:n])

    def _piece(self, token: int) -> bytes:
        buf = ctypes.create_string_buffer(64)
        n = self._ll.llama_token_to_piece(self._vocab, token, buf, len(buf), 0, False)
        if n < 0:
            buf = ctypes.create_string_buffer(-n)
            n = self._ll.llama_token_to_piece(self._vocab, token, buf, len(buf), 0, False)
        return buf.raw[:n]

    # -- generation ---------------------------------------------------------------------------------------
    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        import numpy as np

        self._load()
        work = []
        for request in requests:
            prompt = self._tokenize(self._prompt_text(request))
            budget = self.context - request.config.max_new_tokens
            if budget < 1:
                raise CodeevalError(f"max_new_tokens {request.config.max_new_tokens} leaves no room in a {self.context}-token context")
            truncated = max(0, len(prompt) - budget)
            for sample in request.sample_indices:
                # Seeded per (seed, sample): a sample's text does not depend on which others share its group.
                rng = np.random.default_rng([request.config.seed, sample])
                work.append(_Seq(request, sample, prompt[truncated:], rng, truncated=truncated))
        # Similar lengths together, so a group's sequences finish at similar times.
        work.sort(key=lambda s: len(s.prompt))
        for start in range(0, len(work), self.sequences):
            yield from self._group(work[start:start + self.sequences])

    def _group(self, group: list[_Seq]) -> Iterator[Completion]:
        ll = self._ll
        started = time.monotonic()
        ll.llama_memory_clear(ll.llama_get_memory(self._ctx), True)
        batch = ll.llama_batch_init(max(512, len(group)), 0, 1)
        try:
            for sid, seq in enumerate(group):  # prompts one by one: each may be longer than the others together
                for chunk_start in range(0, len(seq.prompt), 512):
                    chunk = seq.prompt[chunk_start:chunk_start + 512]
                    batch.n_tokens = 0
                    for i, token in enumerate(chunk):
                        _add(batch, token, chunk_start + i, sid, chunk_start + i == len(seq.prompt) - 1)
                    self._decode(batch)
                self._sample(seq, batch.n_tokens - 1)
            live = [sid for sid, seq in enumerate(group) if seq.finish is None]
            while live:
                batch.n_tokens = 0
                for sid in live:
                    seq = group[sid]
                    _add(batch, seq.tokens[-1], len(seq.prompt) + len(seq.tokens) - 1, sid, True)
                self._decode(batch)
                for i, sid in enumerate(live):
                    self._sample(group[sid], i)
                live = [sid for sid in live if group[sid].finish is None]
        finally:
            ll.llama_batch_free(batch)
        latency = time.monotonic() - started
        for seq in group:
            config = seq.request.config
            text, _ = cut_at_stop(seq.text.decode("utf-8", "replace"), config.stop)
            yield Completion(
                task_id=seq.request.task_id, model=self.model, sample=seq.sample, text=text,
                finish_reason=seq.finish or "length", prompt_tokens=len(seq.prompt), completion_tokens=len(seq.tokens),
                latency_s=latency, identity=self.identity, config_hash=config.hash(), prompt_truncated=seq.truncated,
            )

    def _decode(self, batch: Any) -> None:
        rc = self._ll.llama_decode(self._ctx, batch)
        if rc != 0:
            raise CodeevalError(f"llama.cpp decode failed ({rc}): the context is too small for these sequences")

    def _sample(self, seq: _Seq, index: int) -> None:
        import numpy as np

        ptr = self._ll.llama_get_logits_ith(self._ctx, index)
        logits = np.ctypeslib.as_array(ptr, shape=(self._n_vocab,)).astype(np.float64)
        config = seq.request.config
        if config.greedy:
            token = int(np.argmax(logits))
        else:
            logits = logits / config.temperature
            probs = np.exp(logits - logits.max())
            probs /= probs.sum()
            if config.top_p < 1:
                order = np.argsort(-probs)
                keep = order[: int(np.searchsorted(np.cumsum(probs[order]), config.top_p)) + 1]
                mask = np.zeros_like(probs)
                mask[keep] = probs[keep]
                probs = mask / mask.sum()
            token = int(seq.rng.choice(len(probs), p=probs))
        if self._ll.llama_vocab_is_eog(self._vocab, token):
            seq.finish = "stop"
            return
        seq.tokens.append(token)
        seq.text += self._piece(token)
        if config.stop and cut_at_stop(seq.text.decode("utf-8", "replace"), config.stop)[1]:
            seq.finish = "stop"
        elif len(seq.tokens) >= config.max_new_tokens:
            seq.finish = "length"


def _add(batch: Any, token: int, pos: int, seq_id: int, logits: bool) -> None:
    i = batch.n_tokens
    batch.token[i] = token
    batch.pos[i] = pos
    batch.n_seq_id[i] = 1
    batch.seq_id[i][0] = seq_id
    batch.logits[i] = logits
    batch.n_tokens += 1


def _sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quiet(level: int, text: bytes, user_data: Any) -> None:
    """llama.cpp logs to stderr by default; the CLI owns the terminal."""


_LOG_CALLBACK: Any = None  # llama.cpp keeps the pointer for the process: the callback object must outlive every model


def _silence(ll: Any) -> None:
    global _LOG_CALLBACK
    if _LOG_CALLBACK is None:
        _LOG_CALLBACK = ll.llama_log_callback(_quiet)
        ll.llama_log_set(_LOG_CALLBACK, ctypes.c_void_p())


def _has_amx(ll: Any) -> bool:
    """Whether this llama.cpp build uses the CPU's AMX units (what it prints among its features)."""
    return b"AMX_INT8 = 1" in ll.llama_print_system_info()
