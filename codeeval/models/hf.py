"""transformers backend: hub ids, local folders and GGUF files, batched with left padding.

torch and transformers are imported here only, on first use, so the rest of codeeval starts fast.
Generation uses only the settings in our GenerationConfig (the model's own sampling defaults, such
as Qwen's top_k and repetition penalty, are not applied) so results mean the same across backends.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import logging
import os
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.models import catalog, gguf_cache
from codeeval.models.base import GenerationConfig, GenerationRequest, cut_at_stop
from codeeval.models.spec import ModelSpec
from codeeval.types import Completion

_log = logging.getLogger(__name__)
_FULL_HASH_LIMIT = 64 << 20  # files under this size are hashed whole for a local folder's identity


@dataclass
class _Item:
    request: GenerationRequest
    samples: tuple[int, ...]  # several only for greedy decoding, where every sample is the same text
    ids: list[int]  # prompt token ids after truncation
    truncated: int  # prompt tokens dropped from the start


class HFGenerator:
    def __init__(
        self,
        spec: ModelSpec,
        *,
        device: str | None = None,
        dtype: str | None = None,
        batch_size: int = 8,
        max_context: int | None = None,
    ):
        if batch_size < 1:
            raise CodeevalError(f"batch_size must be at least 1, got {batch_size}")
        self.model = spec.raw
        self.spec = spec
        self.requested_device = device
        self.requested_dtype = dtype
        self.batch_size = batch_size
        self.max_context = max_context
        self._identity: str | None = None
        self._tok: Any = None
        self._lm: Any = None
        self.device: str | None = None
        self.load_s: float | None = None
        self.loaded_from: str | None = None  # "hf", "gguf", or "dequantised-cache" for a GGUF read from its cache
        self.cache_folder: Path | None = None  # the GGUF's dequantised cache, once read or written
        if spec.kind == "gguf" and not Path(spec.target).is_file():
            raise CodeevalError(f"GGUF file {spec.target} does not exist")
        if spec.kind == "hf" and spec.target.startswith(("/", "./", "../", "~")) and not Path(spec.target).expanduser().is_dir():
            raise CodeevalError(f"model folder {spec.target} does not exist")

    # -- identity ------------------------------------------------------------------------------

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = self._resolve_identity()
        return self._identity

    def _resolve_identity(self) -> str:
        target = Path(self.spec.target)
        if self.spec.kind == "gguf":
            return "gguf:sha256:" + (catalog.known_sha256(target) or _sha256_file(target))
        if target.is_dir():
            return "local:" + _dir_fingerprint(target)
        return f"hub:{self.spec.target}@{self.spec.revision or _cached_hub_revision(self.spec.target) or 'main'}"

    # -- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        if self._lm is not None:
            return
        started = time.monotonic()
        try:
            import torch
            import transformers
        except ImportError:
            raise CodeevalError(
                "the transformers backend needs torch and transformers: pip install 'codeeval[hf]'"
            ) from None
        transformers.utils.logging.disable_progress_bar()  # library code never draws on the terminal
        transformers.utils.logging.set_verbosity_error()
        self.device = self.requested_device or _pick_device(torch)
        dtype = _pick_dtype(torch, self.device, self.requested_dtype)
        tok, lm = self._load_cached_dequantised(transformers, dtype) if self.spec.kind == "gguf" else (None, None)
        if lm is None:
            tok, lm = self._load_source(transformers, dtype)
            if self.spec.kind == "gguf":
                self._write_dequantised_cache(transformers, dtype, lm, tok)
        lm.to(self.device)
        lm.eval()
        tok.padding_side = "left"
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        self._tok, self._lm, self._torch = tok, lm, torch
        self.load_s = time.monotonic() - started

    def _load_source(self, transformers: Any, dtype: Any) -> tuple[Any, Any]:
        source, kwargs = self._source()
        if self.spec.kind == "hf" and not Path(source).is_dir():
            kwargs.update(self._hub_access(transformers, source, kwargs))
        try:
            with _quiet_tqdm():
                tok = transformers.AutoTokenizer.from_pretrained(source, **kwargs)
                lm = transformers.AutoModelForCausalLM.from_pretrained(source, **{_dtype_kwarg(transformers): dtype}, **kwargs)
        except (OSError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CodeevalError(
                f"cannot load model {self.model}: {first}. No hub reachable? Pull an offline model "
                "(`codeeval models pull NAME`) or pass a local folder with hf:<dir>"
            ) from None
        self.loaded_from = self.spec.kind
        return tok, lm

    def _dequantised_cache_key(self, transformers: Any, dtype: Any) -> dict[str, str]:
        return {
            "gguf_sha256": self.identity.removeprefix("gguf:sha256:"),
            "dtype_name": str(dtype).removeprefix("torch."),
            "transformers_version": transformers.__version__,
        }

    def _load_cached_dequantised(self, transformers: Any, dtype: Any) -> tuple[Any, Any]:
        key = self._dequantised_cache_key(transformers, dtype)
        folder = gguf_cache.cache_path(key["gguf_sha256"], key["dtype_name"])
        if not gguf_cache.is_complete(folder, **key):
            return None, None
        try:
            tok = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)
            lm = transformers.AutoModelForCausalLM.from_pretrained(
                folder, local_files_only=True, **{_dtype_kwarg(transformers): dtype}
            )
        except Exception as exc:  # noqa: BLE001 - any damage the marker's sizes did not reveal: rebuild from the GGUF
            _log.warning("dequantised cache %s unreadable (%s); reloading the GGUF and rewriting it", folder, exc)
            gguf_cache.discard(folder)
            return None, None
        self.loaded_from = "dequantised-cache"
        self.cache_folder = folder
        return tok, lm

    def _write_dequantised_cache(self, transformers: Any, dtype: Any, lm: Any, tok: Any) -> None:
        key = self._dequantised_cache_key(transformers, dtype)
        folder = gguf_cache.cache_path(key["gguf_sha256"], key["dtype_name"])
        try:
            gguf_cache.write(folder, lm, tok, **key)
        except OSError as exc:  # a full or read-only disk costs only the speed of the next load
            _log.warning("cannot write the dequantised cache %s: %s", folder, exc)
            return
        self.cache_folder = folder

    def _hub_access(self, transformers: Any, hub_id: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Use the local hub cache when it has the model; otherwise fail fast when the hub is
        unreachable, instead of letting huggingface_hub retry every file for minutes."""
        try:
            transformers.AutoConfig.from_pretrained(hub_id, local_files_only=True, **kwargs)
            return {"local_files_only": True}
        except (OSError, ValueError):
            pass
        if os.environ.get("HF_HUB_OFFLINE") or not _hub_reachable():
            raise CodeevalError(
                f"model {hub_id} is not in the local Hugging Face cache and the hub cannot be reached; "
                "pull an offline model (`codeeval models pull NAME`), or pass a local folder (hf:<dir>) or a GGUF file"
            )
        return {}

    def _source(self) -> tuple[str, dict[str, Any]]:
        if self.spec.kind == "gguf":
            path = Path(self.spec.target).resolve()
            return str(path.parent), {"gguf_file": path.name}
        kwargs: dict[str, Any] = {}
        if self.spec.revision:
            kwargs["revision"] = self.spec.revision
        return self.spec.target, kwargs

    def close(self) -> None:
        self._lm = self._tok = None

    # -- generation ----------------------------------------------------------------------------

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        if not requests:
            return
        self.load()
        items = []
        for r in requests:
            if r.config.greedy:  # greedy samples are identical: generate once, report each index
                items.append(self._encode(r, r.sample_indices))
            else:
                items.extend(self._encode(r, (s,)) for s in r.sample_indices)
        # Batch only items sharing a config (one generate call takes one config); within a config,
        # similar lengths together so little compute goes to padding.
        groups: dict[str, list[_Item]] = {}
        for item in items:
            groups.setdefault(item.request.config.hash(), []).append(item)
        for group in groups.values():
            group.sort(key=lambda it: len(it.ids))
            start = 0
            while start < len(group):
                batch = group[start : start + self.batch_size]
                yield from self._generate_batch(batch)
                start += len(batch)

    def context_limit(self) -> int:
        if self.max_context:
            return self.max_context
        limit = getattr(self._lm.config, "max_position_embeddings", None) or 2048
        tok_limit = getattr(self._tok, "model_max_length", None)
        if isinstance(tok_limit, int) and 0 < tok_limit < limit:
            limit = tok_limit
        return int(limit)

    def _encode(self, request: GenerationRequest, samples: tuple[int, ...]) -> _Item:
        tok = self._tok
        if request.is_chat:
            if not getattr(tok, "chat_template", None):
                raise CodeevalError(
                    f"{self.model} has no chat template; give task {request.task_id} a plain-text prompt (completion mode)"
                )
            text = tok.apply_chat_template(request.messages(), add_generation_prompt=True, tokenize=False)
            ids = tok(text, add_special_tokens=False)["input_ids"]  # the template already has any BOS
        else:
            ids = tok(request.prompt)["input_ids"]
        room = self.context_limit() - request.config.max_new_tokens
        if room < 1:
            raise CodeevalError(
                f"max_new_tokens {request.config.max_new_tokens} leaves no room for a prompt in the "
                f"{self.context_limit()}-token context of {self.model}"
            )
        truncated = max(0, len(ids) - room)
        # Keep the end: it holds the question and the assistant header the model must continue from.
        return _Item(request, samples, list(ids[truncated:]), truncated)

    def _generate_batch(self, batch: list[_Item]) -> Iterator[Completion]:
        try:
            yield from self._run_batch(batch)
        except Exception as exc:
            if not _is_oom(exc):
                raise
            if len(batch) == 1:
                item = batch[0]
                raise CodeevalError(
                    f"out of memory on {self.device} generating task {item.request.task_id} "
                    f"({len(item.ids)} prompt tokens + {item.request.config.max_new_tokens} new); use a smaller "
                    "model, a lower max_new_tokens, or another device"
                ) from None
            # Halve and carry on with the smaller size; completions already yielded stay valid.
            self._empty_cache()
            self.batch_size = max(1, len(batch) // 2)
            half = len(batch) // 2
            yield from self._generate_batch(batch[:half])
            yield from self._generate_batch(batch[half:])

    def _run_batch(self, batch: list[_Item]) -> list[Completion]:
        torch, tok, lm = self._torch, self._tok, self._lm
        config = batch[0].request.config
        width = max(len(it.ids) for it in batch)
        pad = tok.pad_token_id
        input_ids = torch.tensor([[pad] * (width - len(it.ids)) + it.ids for it in batch], device=self.device)
        mask = torch.tensor([[0] * (width - len(it.ids)) + [1] * len(it.ids) for it in batch], device=self.device)
        eos = _eos_ids(lm)
        gen_config = self._generation_config(config, eos, pad)
        torch.manual_seed(_batch_seed(config, batch))
        started = time.monotonic()
        with torch.inference_mode():
            kwargs: dict[str, Any] = {}
            if config.stop:
                kwargs = {"stop_strings": list(config.stop), "tokenizer": tok}
            out = lm.generate(input_ids=input_ids, attention_mask=mask, generation_config=gen_config, **kwargs)
        latency = time.monotonic() - started
        completions = []
        # A row that finished early is filled with pad tokens while the rest of the batch goes on.
        enders = eos | {pad}
        for row, item in zip(out[:, width:].tolist(), batch):
            end = next((i for i, t in enumerate(row) if t in enders), None)
            tokens = row if end is None else row[:end]
            text = tok.decode(tokens, skip_special_tokens=True)
            text, stopped = cut_at_stop(text, config.stop)
            finish = "stop" if stopped or end is not None else "length"
            used = len(tokens) + (1 if end is not None and row[end] in eos else 0)
            completions.extend(
                Completion(
                    task_id=item.request.task_id,
                    model=self.model,
                    sample=sample,
                    text=text,
                    finish_reason=finish,
                    prompt_tokens=len(item.ids),
                    completion_tokens=used,
                    latency_s=latency,  # wall time of the batch this completion was generated in
                    identity=self.identity,
                    config_hash=config.hash(),
                    prompt_truncated=item.truncated,
                )
                for sample in item.samples
            )
        return completions

    def _generation_config(self, config: GenerationConfig, eos: set[int], pad: int) -> Any:
        import transformers

        settings: dict[str, Any] = {
            "max_new_tokens": config.max_new_tokens,
            "eos_token_id": sorted(eos),
            "pad_token_id": pad,
            "do_sample": not config.greedy,
        }
        if not config.greedy:
            settings.update(temperature=config.temperature, top_p=config.top_p, top_k=0)
        return transformers.GenerationConfig(**settings)

    def _empty_cache(self) -> None:
        torch = self._torch
        if self.device and self.device.startswith("cuda"):
            torch.cuda.empty_cache()
        elif self.device == "mps":
            torch.mps.empty_cache()


@contextlib.contextmanager
def _quiet_tqdm() -> Iterator[None]:
    """The GGUF loader draws its own tqdm bar, ignoring transformers' progress-bar switch (and
    tqdm reads TQDM_DISABLE only at import); swap in a silent one for the duration of the load."""
    try:
        module = importlib.import_module("transformers.modeling_gguf_pytorch_utils")
    except ImportError:
        module = None
    original = getattr(module, "tqdm", None)
    if original is not None:
        module.tqdm = functools.partial(original, disable=True)
    try:
        yield
    finally:
        if original is not None:
            module.tqdm = original


def _hub_reachable(timeout_s: float = 3.0) -> bool:
    from urllib.parse import urlparse

    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname or "", port), timeout=timeout_s):
            return True
    except OSError:
        return False


def _dtype_kwarg(transformers: Any) -> str:
    """transformers 4.56 renamed `torch_dtype` to `dtype`; 5.x warns on the old name."""
    major, minor = (int(p) for p in transformers.__version__.split(".")[:2])
    return "dtype" if (major, minor) >= (4, 56) else "torch_dtype"


def _pick_device(torch: Any) -> str:
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def _pick_dtype(torch: Any, device: str, requested: str | None) -> Any:
    if requested and requested != "auto":
        value = getattr(torch, {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}.get(requested, requested), None)
        if not isinstance(value, torch.dtype):
            raise CodeevalError(f"unknown dtype {requested!r} (expected auto, bfloat16, float16 or float32)")
        return value
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.float32  # half precision on CPU is slower and less exact


def _eos_ids(lm: Any) -> set[int]:
    eos = lm.generation_config.eos_token_id
    if eos is None:
        eos = lm.config.eos_token_id
    if eos is None:
        return set()
    return set(eos) if isinstance(eos, (list, tuple)) else {int(eos)}


def _batch_seed(config: GenerationConfig, batch: list[_Item]) -> int:
    """Same seed, same prompts, same batch: same output. Derived from the batch's keys so that
    different batches do not replay the same random stream."""
    key = f"{config.seed}|" + "|".join(f"{it.request.task_id}#{it.samples}" for it in batch)
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")


def _is_oom(exc: BaseException) -> bool:
    name = type(exc).__name__
    return name == "OutOfMemoryError" or (isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _dir_fingerprint(folder: Path) -> str:
    """A content fingerprint of a local model folder: small files whole, large weight files by
    size plus their first and last MiB (hashing tens of GB on every run would be too slow)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("."):
            continue
        size = path.stat().st_size
        digest.update(f"{rel}\0{size}\0".encode())
        with path.open("rb") as fh:
            if size <= _FULL_HASH_LIMIT:
                digest.update(fh.read())
            else:
                digest.update(fh.read(1 << 20))
                fh.seek(size - (1 << 20))
                digest.update(fh.read())
    return "sha256:" + digest.hexdigest()[:32]


def _cached_hub_revision(hub_id: str) -> str | None:
    """The commit the hub cache's `main` points at, read without any network access."""
    root = os.environ.get("HF_HUB_CACHE") or os.path.join(
        os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface"), "hub"
    )
    ref = Path(root) / f"models--{hub_id.replace('/', '--')}" / "refs" / "main"
    try:
        return ref.read_text().strip() or None
    except OSError:
        return None
