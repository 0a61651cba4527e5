"""The dequantised cache of a GGUF read by the transformers backend (codeeval/models/gguf_cache.py)."""

from __future__ import annotations

import json

import pytest

from codeeval.models import GenerationConfig, GenerationRequest, gguf_cache, load_generator

pytest.importorskip("gguf")

PROMPTS = [[{"role": "user", "content": "def add a b"}], [{"role": "user", "content": "for i in range"}], "import os\n"]


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("CODEEVAL_CACHE_DIR", str(tmp_path / "cache"))


def _load_and_generate(tiny_gguf):
    gen = load_generator(f"gguf:{tiny_gguf}", device="cpu", batch_size=4)
    config = GenerationConfig(max_new_tokens=12)
    texts = {c.task_id: c.text for c in gen.generate([GenerationRequest(f"t{i}", p, config) for i, p in enumerate(PROMPTS)])}
    return gen, texts


def test_second_load_reads_the_cache_and_generates_the_same_text(tiny_gguf, capfd):
    first, first_texts = _load_and_generate(tiny_gguf)
    assert first.loaded_from == "gguf"
    assert (first.cache_folder / gguf_cache.MARKER).is_file()
    assert any(p.suffix == ".safetensors" for p in first.cache_folder.iterdir())

    second, second_texts = _load_and_generate(tiny_gguf)
    assert second.loaded_from == "dequantised-cache"
    assert second.cache_folder == first.cache_folder
    assert second_texts == first_texts
    assert any(t.strip() for t in first_texts.values())  # the comparison is over real text
    assert second.identity == first.identity  # same weights: the GGUF's sha256 stays the identity
    assert second._tok.chat_template == first._tok.chat_template
    err = capfd.readouterr().err
    assert "Writing" not in err and "Converting" not in err  # library code draws no progress bars


def test_a_cache_without_its_marker_is_not_trusted_and_is_replaced(tiny_gguf):
    first, texts = _load_and_generate(tiny_gguf)
    folder = first.cache_folder
    (folder / gguf_cache.MARKER).unlink()  # what a writer killed before its last step would leave

    again, again_texts = _load_and_generate(tiny_gguf)
    assert again.loaded_from == "gguf"
    assert (folder / gguf_cache.MARKER).is_file()
    assert again_texts == texts
    assert _load_and_generate(tiny_gguf)[0].loaded_from == "dequantised-cache"


def test_a_truncated_weights_file_falls_back_to_the_gguf_and_rewrites_the_cache(tiny_gguf):
    first, texts = _load_and_generate(tiny_gguf)
    weights = next(first.cache_folder.glob("*.safetensors"))
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])

    again, again_texts = _load_and_generate(tiny_gguf)
    assert again.loaded_from == "gguf"
    assert again_texts == texts
    assert _load_and_generate(tiny_gguf)[0].loaded_from == "dequantised-cache"


def test_garbage_of_the_right_size_falls_back_to_the_gguf_and_rewrites_the_cache(tiny_gguf):
    first, texts = _load_and_generate(tiny_gguf)
    weights = next(first.cache_folder.glob("*.safetensors"))
    weights.write_bytes(b"\xff" * weights.stat().st_size)  # sizes match the marker; the header is nonsense

    again, again_texts = _load_and_generate(tiny_gguf)
    assert again.loaded_from == "gguf"
    assert again_texts == texts
    third, third_texts = _load_and_generate(tiny_gguf)
    assert third.loaded_from == "dequantised-cache"
    assert third_texts == texts


def test_a_write_that_fails_midway_leaves_nothing_a_later_load_trusts(tiny_gguf, monkeypatch, tmp_path):
    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    from transformers import PreTrainedTokenizerBase

    # The model's safetensors are written, then the tokenizer's save fails: the state a kill or a
    # full disk leaves in the temporary folder.
    with monkeypatch.context() as patch:  # undoes only this patch, not the cache folder's
        patch.setattr(PreTrainedTokenizerBase, "save_pretrained", fail)
        first, texts = _load_and_generate(tiny_gguf)
    assert first.loaded_from == "gguf" and first.cache_folder is None
    parent = gguf_cache.cache_path(first.identity.removeprefix("gguf:sha256:"), "float32").parent
    assert not any(parent.iterdir())  # no temporary folder left behind either

    second, second_texts = _load_and_generate(tiny_gguf)
    assert second.loaded_from == "gguf" and second_texts == texts
    assert second.cache_folder.is_relative_to(tmp_path)
    assert _load_and_generate(tiny_gguf)[0].loaded_from == "dequantised-cache"


def test_a_cache_from_another_transformers_version_is_rebuilt(tiny_gguf):
    first, _ = _load_and_generate(tiny_gguf)
    marker = first.cache_folder / gguf_cache.MARKER
    record = json.loads(marker.read_text())
    record["transformers"] = "0.0.1"
    marker.write_text(json.dumps(record))
    assert _load_and_generate(tiny_gguf)[0].loaded_from == "gguf"
    assert json.loads(marker.read_text())["transformers"] != "0.0.1"
