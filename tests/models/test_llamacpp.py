"""The llama.cpp backend on a tiny qwen2 GGUF written at test time: several sequences decoded together,
chat templates from the GGUF, stop strings, token limits, seeds, and an identity that names the backend."""

from __future__ import annotations

import pytest

from codeeval.models import GenerationConfig, GenerationRequest, load_generator, parse_spec

llama_cpp = pytest.importorskip("llama_cpp")


def _requests(config: GenerationConfig, n: int = 5) -> list[GenerationRequest]:
    prompts = ["def add(a, b):", "print(", "import os\n", "hello world", "x = [1, 2, 3"]
    return [GenerationRequest(f"t{i}", prompts[i % len(prompts)], config) for i in range(n)]


@pytest.fixture(scope="module")
def generator(tiny_gguf):
    gen = load_generator(f"llamacpp:{tiny_gguf}", sequences=4, context=256)
    yield gen
    gen.close()


def test_spec_names_the_llamacpp_backend(tiny_gguf):
    spec = parse_spec(f"llamacpp:{tiny_gguf}")
    assert spec.kind == "llamacpp" and spec.target == str(tiny_gguf)


def test_every_request_and_sample_gets_one_completion(generator):
    config = GenerationConfig(max_new_tokens=12, n=2)
    out = list(generator.generate(_requests(config)))
    assert sorted((c.task_id, c.sample) for c in out) == sorted((f"t{i}", s) for i in range(5) for s in range(2))
    for c in out:
        assert 0 < c.completion_tokens <= 12 or c.finish_reason == "stop"
        assert c.finish_reason in ("stop", "length")
        assert c.prompt_tokens > 0 and c.config_hash == config.hash()


def test_greedy_decoding_is_repeatable_and_samples_of_a_greedy_request_agree(generator):
    config = GenerationConfig(max_new_tokens=10, n=2)
    first = {(c.task_id, c.sample): c.text for c in generator.generate(_requests(config, 3))}
    second = {(c.task_id, c.sample): c.text for c in generator.generate(_requests(config, 3))}
    assert first == second
    assert all(first[(t, 0)] == first[(t, 1)] for t in ("t0", "t1", "t2"))


def test_sampling_is_seeded(generator):
    config = GenerationConfig(max_new_tokens=10, temperature=1.0, top_p=0.9, n=3, seed=7)
    a = {(c.task_id, c.sample): c.text for c in generator.generate(_requests(config, 2))}
    b = {(c.task_id, c.sample): c.text for c in generator.generate(_requests(config, 2))}
    assert a == b
    assert len({a[("t0", s)] for s in range(3)}) > 1  # samples of one request differ from each other


def test_token_limit_and_stop_strings(generator):
    long = next(iter(generator.generate([GenerationRequest("x", "def f():", GenerationConfig(max_new_tokens=5))])))
    assert long.completion_tokens <= 5
    if long.finish_reason == "length":
        assert long.completion_tokens == 5
    text = long.text
    if len(text) > 2:
        stop = text[1:3]
        cut = next(iter(generator.generate([GenerationRequest("x", "def f():", GenerationConfig(max_new_tokens=5, stop=(stop,)))])))
        assert stop not in cut.text and text.startswith(cut.text) and cut.finish_reason == "stop"


def test_chat_prompts_use_the_gguf_chat_template(generator):
    config = GenerationConfig(max_new_tokens=4)
    chat = next(iter(generator.generate([GenerationRequest("c", [{"role": "user", "content": "hi"}], config)])))
    plain = next(iter(generator.generate([GenerationRequest("p", "hi", config)])))
    # The template wraps the message in role markers: many more prompt tokens than the bare text.
    assert chat.prompt_tokens > plain.prompt_tokens + 3


def test_identity_names_backend_version_group_size_and_weights(generator, tiny_gguf):
    import hashlib

    sha = hashlib.sha256(tiny_gguf.read_bytes()).hexdigest()
    assert generator.identity == f"llamacpp-{llama_cpp.__version__}:seqs=4:gguf:sha256:{sha}"
    other = load_generator(f"llamacpp:{tiny_gguf}", sequences=2)
    assert other.identity != generator.identity  # a different group size is a different model identity


def test_missing_file_is_one_clear_error(tmp_path):
    from codeeval.errors import CodeevalError

    with pytest.raises(CodeevalError, match="does not exist"):
        load_generator(f"llamacpp:{tmp_path / 'nope.gguf'}")
