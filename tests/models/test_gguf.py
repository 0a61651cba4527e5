"""GGUF through the transformers backend: a tiny qwen2 GGUF written at test time (conftest.py)."""

from __future__ import annotations

import hashlib

import pytest

from codeeval.models import GenerationConfig, GenerationRequest, load_generator

pytest.importorskip("gguf")



@pytest.fixture(autouse=True)
def _own_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("CODEEVAL_CACHE_DIR", str(tmp_path / "cache"))  # the dequantised cache stays out of ~/.cache


PROMPTS = [[{"role": "user", "content": "def add a b"}], [{"role": "user", "content": "for i in range"}], "import os\n"]


def _run(spec: str):
    gen = load_generator(spec, device="cpu", batch_size=4)
    config = GenerationConfig(max_new_tokens=12)
    return gen, {c.task_id: c for c in gen.generate([GenerationRequest(f"t{i}", p, config) for i, p in enumerate(PROMPTS)])}


def test_gguf_file_generates_what_the_original_weights_generate(tiny_gguf, tiny_model_dir, capfd):
    gguf_gen, from_gguf = _run(f"gguf:{tiny_gguf}")
    assert "Converting" not in capfd.readouterr().err  # library code draws no progress bars
    _, from_folder = _run(f"hf:{tiny_model_dir}")
    # Same weights, same tokenizer and chat template, read back from the GGUF metadata.
    assert {k: (c.text, c.prompt_tokens) for k, c in from_gguf.items()} == {
        k: (c.text, c.prompt_tokens) for k, c in from_folder.items()
    }
    assert gguf_gen._tok.chat_template  # the template came from the file


def test_gguf_identity_is_the_file_sha256(tiny_gguf):
    gen = load_generator(f"gguf:{tiny_gguf}")
    assert gen.identity == "gguf:sha256:" + hashlib.sha256(tiny_gguf.read_bytes()).hexdigest()


def test_missing_gguf_file_is_a_clear_error(tmp_path):
    from codeeval.errors import CodeevalError

    with pytest.raises(CodeevalError, match="does not exist"):
        load_generator(f"gguf:{tmp_path / 'absent.gguf'}")
