"""The transformers backend on a tiny random Qwen2 built at test time (see conftest.py)."""

from __future__ import annotations

import shutil

import pytest

from codeeval.errors import CodeevalError
from codeeval.models import GenerationConfig, GenerationRequest, load_generator
from codeeval.models.runner import generate_stored
from codeeval.store import Store

pytest.importorskip("transformers")

CHAT = [{"role": "user", "content": "Write a Python function that reads a file"}]
PROMPTS = [
    [{"role": "user", "content": "def add"}],
    [{"role": "user", "content": "The quick brown fox jumps over the lazy dog. Security matters in generated code."}],
    "import os\nimport subprocess\n",
    [{"role": "user", "content": "for i in range(10): print(i)"}],
]


def _requests(config: GenerationConfig) -> list[GenerationRequest]:
    return [GenerationRequest(f"t{i}", p, config) for i, p in enumerate(PROMPTS)]


def _texts(completions) -> dict:
    return {(c.task_id, c.sample): c.text for c in completions}


def test_batched_generation_with_left_padding_matches_one_at_a_time(tiny_model_dir):
    config = GenerationConfig(max_new_tokens=16)
    batched = load_generator(f"hf:{tiny_model_dir}", batch_size=4, device="cpu")
    single = load_generator(f"hf:{tiny_model_dir}", batch_size=1, device="cpu")
    together = list(batched.generate(_requests(config)))
    alone = list(single.generate(_requests(config)))
    assert len(together) == len(PROMPTS)
    # The prompts differ in length, so the batch is left-padded; padding must not change the output.
    assert len({c.prompt_tokens for c in together}) > 1
    assert _texts(together) == _texts(alone)
    assert all(c.completion_tokens > 0 for c in together)
    assert {c.finish_reason for c in together} <= {"stop", "length"}
    # One batch: every completion reports the same batch latency.
    assert len({c.latency_s for c in together}) == 1


def test_sampling_is_reproducible_with_a_seed_and_varies_without(tiny_model_dir):
    gen = load_generator(f"hf:{tiny_model_dir}", device="cpu")
    config = GenerationConfig(max_new_tokens=20, temperature=1.0, n=3, seed=7)
    first = _texts(gen.generate(_requests(config)))
    again = _texts(gen.generate(_requests(config)))
    other = _texts(gen.generate(_requests(GenerationConfig(max_new_tokens=20, temperature=1.0, n=3, seed=8))))
    assert first == again
    assert first != other
    assert sorted(s for (t, s) in first if t == "t0") == [0, 1, 2]
    # Different samples of one prompt are different draws, not copies.
    assert len({first[("t0", s)] for s in range(3)}) > 1


def test_greedy_samples_share_one_generation(tiny_model_dir):
    gen = load_generator(f"hf:{tiny_model_dir}", device="cpu")
    out = list(gen.generate([GenerationRequest("t", CHAT, GenerationConfig(max_new_tokens=8, n=3))]))
    assert [c.sample for c in out] == [0, 1, 2]
    assert len({c.text for c in out}) == 1 and len({c.latency_s for c in out}) == 1


def test_chat_template_and_system_prompt_are_applied(tiny_model_dir):
    gen = load_generator(f"hf:{tiny_model_dir}", device="cpu")
    tok = __import__("transformers").AutoTokenizer.from_pretrained(tiny_model_dir)
    config = GenerationConfig(max_new_tokens=2)
    by_id = {
        c.task_id: c
        for c in gen.generate(
            [GenerationRequest("chat", CHAT, config), GenerationRequest("plain", CHAT[0]["content"], config)]
        )
    }
    chat, plain = by_id["chat"], by_id["plain"]
    templated = tok.apply_chat_template(CHAT, add_generation_prompt=True, tokenize=False)
    assert templated.endswith("<|im_start|>assistant\n")
    assert chat.prompt_tokens == len(tok(templated, add_special_tokens=False)["input_ids"])
    assert plain.prompt_tokens == len(tok(CHAT[0]["content"])["input_ids"])
    with_system = next(
        gen.generate([GenerationRequest("sys", CHAT, GenerationConfig(max_new_tokens=2, system_prompt="Be careful."))])
    )
    system_text = tok.apply_chat_template(
        [{"role": "system", "content": "Be careful."}, *CHAT], add_generation_prompt=True, tokenize=False
    )
    assert with_system.prompt_tokens == len(tok(system_text, add_special_tokens=False)["input_ids"])


def test_prompt_longer_than_the_context_is_truncated_and_reported(tiny_model_dir):
    gen = load_generator(f"hf:{tiny_model_dir}", device="cpu", max_context=48)
    long_prompt = "def add(a, b):\n    return a + b\n" * 20
    by_id = {
        c.task_id: c
        for c in gen.generate(
            [
                GenerationRequest("short", "def add", GenerationConfig(max_new_tokens=8)),
                GenerationRequest("long", long_prompt, GenerationConfig(max_new_tokens=8)),
            ]
        )
    }
    short, long = by_id["short"], by_id["long"]
    assert short.prompt_truncated == 0
    assert long.prompt_tokens == 48 - 8
    assert long.prompt_truncated > 100
    assert long.completion_tokens > 0


def test_max_new_tokens_that_fill_the_context_is_a_clear_error(tiny_model_dir):
    gen = load_generator(f"hf:{tiny_model_dir}", device="cpu", max_context=32)
    with pytest.raises(CodeevalError, match="leaves no room"):
        list(gen.generate([GenerationRequest("t", "def", GenerationConfig(max_new_tokens=32))]))


def test_stop_sequence_ends_the_completion_before_it(tiny_model_dir):
    gen = load_generator(f"hf:{tiny_model_dir}", device="cpu")
    free = next(gen.generate([GenerationRequest("t", CHAT, GenerationConfig(max_new_tokens=24))]))
    assert len(free.text) > 6
    stop = free.text[4:7]
    cut = free.text[: free.text.find(stop)]
    stopped = next(gen.generate([GenerationRequest("t", CHAT, GenerationConfig(max_new_tokens=24, stop=(stop,)))]))
    assert stopped.text == cut
    assert stopped.finish_reason == "stop"
    assert free.finish_reason == "length"


def test_chat_prompt_without_a_chat_template_is_a_clear_error(tiny_model_no_template):
    gen = load_generator(f"hf:{tiny_model_no_template}", device="cpu")
    with pytest.raises(CodeevalError, match="no chat template"):
        list(gen.generate([GenerationRequest("t", CHAT, GenerationConfig(max_new_tokens=2))]))
    # Completion mode still works.
    assert next(gen.generate([GenerationRequest("t", "def add", GenerationConfig(max_new_tokens=2))])).text


def test_local_folder_identity_follows_the_weights(tiny_model_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model_dir, copy)
    same = load_generator(f"hf:{copy}").identity
    assert same == load_generator(f"hf:{tiny_model_dir}").identity
    assert same.startswith("local:sha256:")
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    assert load_generator(f"hf:{copy}").identity != same


def test_missing_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CodeevalError, match="does not exist"):
        load_generator(f"hf:{tmp_path / 'nope'}")


def test_folder_without_weights_is_a_clear_error(tmp_path):
    gen = load_generator(f"hf:{tmp_path}")
    with pytest.raises(CodeevalError, match="cannot load model"):
        list(gen.generate([GenerationRequest("t", "x", GenerationConfig(max_new_tokens=2))]))


def test_uncached_hub_model_fails_fast_when_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    gen = load_generator("hf:Qwen/Qwen2.5-Coder-7B-Instruct")
    assert gen.identity == "hub:Qwen/Qwen2.5-Coder-7B-Instruct@main"
    with pytest.raises(CodeevalError, match="not in the local Hugging Face cache"):
        list(gen.generate([GenerationRequest("t", "x", GenerationConfig(max_new_tokens=2))]))


def test_stored_completions_are_reused_without_loading_the_model(tiny_model_dir, tmp_path):
    config = GenerationConfig(max_new_tokens=6, n=2, temperature=1.0)
    requests = _requests(config)[:2]
    with Store(tmp_path / "run.db") as store:
        first = generate_stored(load_generator(f"hf:{tiny_model_dir}", device="cpu"), requests, store)
        assert len(first) == 4
        rerun_gen = load_generator(f"hf:{tiny_model_dir}", device="cpu")
        again = generate_stored(rerun_gen, requests, store)
        assert again == first
        assert rerun_gen._lm is None  # nothing was generated, so the weights were never loaded
        # Asking for a third sample generates only that one.
        more = generate_stored(rerun_gen, _requests(GenerationConfig(max_new_tokens=6, n=3, temperature=1.0))[:2], store)
        assert [c.sample for c in more] == [0, 1, 2, 0, 1, 2]
        assert more[:2] == first[:2]
        assert len(store.completions_for(model=f"hf:{tiny_model_dir}")) == 6
