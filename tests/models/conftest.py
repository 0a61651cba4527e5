"""A tiny random Qwen2 model and a locally trained tokenizer, built once per test session.

Nothing is downloaded: the tokenizer is a byte-level BPE trained on a few sentences, wrapped in
PreTrainedTokenizerFast with a Qwen-style chat template; the model is Qwen2ForCausalLM with random
weights at a few hundred thousand parameters, so the real transformers backend runs in seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

CORPUS = [
    "def add(a, b):\n    return a + b\n",
    "import os\nimport subprocess\nsubprocess.run(['ls', '-l'], check=True)\n",
    "Write a Python function that reads a file and returns its lines.",
    "The quick brown fox jumps over the lazy dog. Security matters in generated code.",
    "for i in range(10):\n    print(i * i)\n",
    "class Store:\n    def __init__(self, path):\n        self.path = path\n",
]

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def build_tokenizer(folder: Path, *, chat_template: str | None = CHAT_TEMPLATE):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=SPECIALS, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    bpe.train_from_iterator(CORPUS, trainer=trainer)
    tok = PreTrainedTokenizerFast(
        tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>", bos_token=None, unk_token=None
    )
    if chat_template:
        tok.chat_template = chat_template
    tok.save_pretrained(folder)
    return tok


def build_model(folder: Path, tok, *, seed: int = 0, max_positions: int = 256):
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    config = Qwen2Config(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=max_positions,
        initializer_range=0.2,  # peaky logits, so greedy decoding has no near-ties
        tie_word_embeddings=True,
        eos_token_id=tok.convert_tokens_to_ids("<|im_end|>"),
        pad_token_id=tok.pad_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(config)
    model.generation_config.eos_token_id = config.eos_token_id
    model.generation_config.pad_token_id = config.pad_token_id
    model.save_pretrained(folder)
    return model


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny-qwen2")
    tok = build_tokenizer(folder)
    build_model(folder, tok)
    return folder


@pytest.fixture(scope="session")
def tiny_model_no_template(tmp_path_factory) -> Path:
    pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny-qwen2-plain")
    tok = build_tokenizer(folder, chat_template=None)
    build_model(folder, tok)
    return folder
