from __future__ import annotations

import pytest

from codeeval.errors import CodeevalError
from codeeval.models import GenerationConfig, GenerationRequest, parse_spec


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CODEEVAL_CACHE_DIR", str(tmp_path / "cache"))


def test_specs_of_each_kind_parse():
    assert parse_spec("hf:Qwen/Qwen2.5-Coder-7B-Instruct").target == "Qwen/Qwen2.5-Coder-7B-Instruct"
    rev = parse_spec("hf:Qwen/Qwen2.5-Coder-7B-Instruct@abc123")
    assert (rev.target, rev.revision) == ("Qwen/Qwen2.5-Coder-7B-Instruct", "abc123")
    assert parse_spec("gguf:/models/x.gguf").kind == "gguf"
    oa = parse_spec("openai:http://localhost:8000/v1/#Qwen/Qwen2.5-Coder-32B-Instruct")
    assert (oa.target, oa.model_name, oa.key_env) == ("http://localhost:8000/v1", "Qwen/Qwen2.5-Coder-32B-Instruct", "OPENAI_API_KEY")
    ollama = parse_spec("openai:http://localhost:11434/v1#qwen2.5-coder:7b?key_env=OLLAMA_KEY")
    assert (ollama.model_name, ollama.key_env) == ("qwen2.5-coder:7b", "OLLAMA_KEY")
    assert parse_spec("replay:out/completions.jsonl").target == "out/completions.jsonl"


def test_local_folder_with_at_sign_is_not_a_revision(tmp_path):
    folder = tmp_path / "model@v2"
    folder.mkdir()
    spec = parse_spec(f"hf:{folder}")
    assert (spec.target, spec.revision) == (str(folder), None)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty model spec"),
        ("llama-9000", "unknown model spec"),
        ("openai:http://localhost:8000/v1", "needs a model name"),
        ("openai:localhost:8000#m", "must start with http"),
        ("openai:http://h/v1#m?token=x", "unknown option"),
        ("gguf:/models/x.bin", "should name a .gguf file"),
        ("hf:", "names no hf target"),
    ],
)
def test_bad_specs_say_what_is_expected(spec, message):
    with pytest.raises(CodeevalError, match=message):
        parse_spec(spec)


def test_config_hash_ignores_sample_count_but_not_sampling_settings():
    base = GenerationConfig(max_new_tokens=128, temperature=0.2)
    assert base.hash() == GenerationConfig(max_new_tokens=128, temperature=0.2, n=10).hash()
    assert base.hash() != GenerationConfig(max_new_tokens=128, temperature=0.3).hash()
    assert base.hash() != GenerationConfig(max_new_tokens=128, temperature=0.2, stop=("```",)).hash()


@pytest.mark.parametrize("kwargs", [{"max_new_tokens": 0}, {"temperature": -1}, {"top_p": 0}, {"n": 0}])
def test_invalid_generation_config_is_rejected(kwargs):
    with pytest.raises(CodeevalError):
        GenerationConfig(**kwargs)


def test_chat_request_validates_messages_and_adds_the_system_prompt():
    req = GenerationRequest("t", [{"role": "user", "content": "hi"}], GenerationConfig(system_prompt="S"))
    assert req.is_chat and req.messages()[0] == {"role": "system", "content": "S"}
    own = GenerationRequest("t", [{"role": "system", "content": "mine"}, {"role": "user", "content": "hi"}],
                            GenerationConfig(system_prompt="S"))  # fmt: skip
    assert [m["content"] for m in own.messages()] == ["mine", "hi"]
    with pytest.raises(CodeevalError, match="role"):
        GenerationRequest("t", [{"content": "no role"}])
