from __future__ import annotations

import json

import pytest

from codeeval.errors import CodeevalError
from codeeval.models import GenerationConfig, GenerationRequest, load_generator


def _write(path, lines):
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def test_replay_yields_the_recorded_completions(tmp_path):
    f = _write(
        tmp_path / "c.jsonl",
        [
            {"task_id": "a", "sample": 0, "completion": "print(1)"},
            {"task_id": "a", "sample": 1, "completion": "print(2)", "model": "gpt-x", "completion_tokens": 3},
            "",
            {"task_id": "b", "sample": 0, "completion": ""},
        ],
    )
    gen = load_generator(f"replay:{f}")
    config = GenerationConfig(n=2)
    out = list(gen.generate([GenerationRequest("a", "ignored", config)]))
    assert [(c.sample, c.text, c.model) for c in out] == [(0, "print(1)", f"replay:{f}"), (1, "print(2)", "gpt-x")]
    assert out[1].completion_tokens == 3
    assert out[0].config_hash == config.hash()
    assert out[0].identity.startswith("replay:sha256:")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"task_id": "a", "completion": "x"}', 'missing "sample"'),
        ('{"task_id": "a", "sample": -1, "completion": "x"}', '"sample" must be an integer >= 0'),
        ('{"task_id": "a", "sample": true, "completion": "x"}', '"sample" must be an integer'),
        ('{"task_id": "", "sample": 0, "completion": "x"}', '"task_id" must be a non-empty string'),
        ('{"task_id": "a", "sample": 0, "completion": 5}', '"completion" must be a string'),
        ('{"task_id": "a", "sample": 0, "completion": "x", "latency_s": "fast"}', '"latency_s" has the wrong type'),
        ('{"task_id": "z", "sample": 0, "completion": "again"}', "duplicate of line 2"),
    ],
)
def test_bad_line_names_the_file_and_line_number(tmp_path, line, message):
    f = _write(
        tmp_path / "bad.jsonl",
        [{"task_id": "y", "sample": 0, "completion": "ok"}, {"task_id": "z", "sample": 0, "completion": "ok"}, line],
    )
    with pytest.raises(CodeevalError) as err:
        list(load_generator(f"replay:{f}").generate([GenerationRequest("y", "p")]))
    assert f"{f}:3: " in str(err.value)
    assert message in str(err.value)


def test_missing_completion_is_reported_by_task_and_sample(tmp_path):
    f = _write(tmp_path / "c.jsonl", [{"task_id": "a", "sample": 0, "completion": "x"}])
    with pytest.raises(CodeevalError, match=r"no completion for a#1, b#0"):
        list(load_generator(f"replay:{f}").generate(
            [GenerationRequest("a", "p", GenerationConfig(n=2)), GenerationRequest("b", "p")]
        ))  # fmt: skip


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CodeevalError, match="does not exist"):
        _ = load_generator(f"replay:{tmp_path / 'none.jsonl'}").identity
