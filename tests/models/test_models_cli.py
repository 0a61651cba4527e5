"""`codeeval models list|pull` and `codeeval generate` as a user runs them: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from codeeval.store import Store


def codeeval(*args, cache, stdin=None):
    env = {**os.environ, "CODEEVAL_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "codeeval", *args], input=stdin, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_models_list_shows_the_catalog(tmp_path):
    proc = codeeval("models", "list", "--json", cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    names = [m["name"] for m in doc["models"]]
    assert names[:2] == ["qwen2.5-coder-0.5b-instruct", "qwen2.5-coder-1.5b-instruct"]
    assert "qwen2.5-coder-32b-instruct" in names
    small = doc["models"][0]
    assert small["pulled"] is None and small["offline_bytes"] == 491_400_064
    assert small["resolves_to"] == "hf:Qwen/Qwen2.5-Coder-0.5B-Instruct"
    table = codeeval("models", "list", cache=tmp_path)
    assert table.returncode == 0 and "not pulled" in table.stdout


def test_generate_stores_the_completion_and_reuses_it(tmp_path):
    replay = tmp_path / "r.jsonl"
    replay.write_text(json.dumps({"task_id": "t1", "sample": 0, "completion": "def f():\n    return 1"}) + "\n")
    db = tmp_path / "c.db"
    args = ("generate", "--model", f"replay:{replay}", "--prompt", "write f", "--task-id", "t1", "--db", str(db))
    first = codeeval(*args, cache=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "def f():\n    return 1\n"
    assert f"stored in {db}" in first.stderr
    again = codeeval(*args, cache=tmp_path)
    assert "reused from" in again.stderr and again.stdout == first.stdout
    with Store(db) as store:
        (stored,) = store.completions_for()
    assert (stored.task_id, stored.model) == ("t1", f"replay:{replay}")


def test_generate_reads_the_prompt_from_stdin_and_prints_json(tmp_path):
    replay = tmp_path / "r.jsonl"
    replay.write_text(json.dumps({"task_id": "t", "sample": 0, "completion": "x"}) + "\n")
    proc = codeeval("generate", "-m", f"replay:{replay}", "-p", "-", "--task-id", "t", "--no-store", "--json",
                    cache=tmp_path, stdin="prompt text")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"] == "x"
    assert "not stored" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("generate", "--model", "nonsense", "--prompt", "hi", "--no-store"), "unknown model spec"),
        (("generate", "--model", "openai:http://h/v1", "--prompt", "hi", "--no-store"), "needs a model name"),
        (("models", "pull", "gpt-17"), "unknown model 'gpt-17'"),
        (("models", "pull", "qwen2.5-coder-7b-instruct"), "no offline weights"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path, args, message):
    proc = codeeval(*args, cache=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("codeeval: error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_generate_with_the_transformers_backend(tmp_path, tiny_model_dir):
    db = tmp_path / "c.db"
    proc = codeeval("generate", "--model", f"hf:{tiny_model_dir}", "--prompt", "def add", "--max-new-tokens", "5",
                    "--device", "cpu", "--db", str(db), cache=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "5 completion tokens" in proc.stderr and "stored in" in proc.stderr
    with Store(db) as store:
        (stored,) = store.completions_for()
    assert stored.identity.startswith("local:sha256:") and stored.completion_tokens == 5


def test_generate_writes_to_codeeval_db_when_no_db_is_given(tmp_path):
    # --db defaulted to ./codeeval.db and ignored $CODEEVAL_DB, unlike every other command.
    replay = tmp_path / "r.jsonl"
    replay.write_text(json.dumps({"task_id": "t", "sample": 0, "completion": "x = 1"}) + "\n")
    db = tmp_path / "from-env.db"
    env = {**os.environ, "CODEEVAL_CACHE_DIR": str(tmp_path), "CODEEVAL_DB": str(db)}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "generate", "-m", f"replay:{replay}", "-p", "hi",
                           "--task-id", "t", "--format", "json"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"] == "x = 1"
    assert f"stored in {db}" in proc.stderr
    assert db.exists() and not (tmp_path / "codeeval.db").exists()


def test_models_list_takes_format_json_like_every_command(tmp_path):
    proc = codeeval("models", "list", "--format", "json", cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == codeeval("models", "list", "--json", cache=tmp_path).stdout
    assert json.loads(proc.stdout)["models"]
