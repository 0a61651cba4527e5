"""`codeeval run --config FILE` and several models in one command: one run per (model, suite), each stored
as it finishes, a failing pair reported while the others run, a bad file refused in one line."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from codeeval.runconfig import RunConfigError, build, parse_run_config, run_config_schema
from codeeval.store import Store

ROOT = Path(__file__).resolve().parents[2]


def codeeval(*args, env):
    return subprocess.run([sys.executable, "-m", "codeeval", *args], env=env, capture_output=True, text=True,
                          timeout=900, cwd=ROOT, check=False)


@pytest.fixture()
def env(suite_root, tmp_path):
    return {**os.environ, "CODEEVAL_SUITES": str(suite_root), "CODEEVAL_PYPI_URL": "http://127.0.0.1:9/pypi",
            "CODEEVAL_CACHE_DIR": str(tmp_path / "cache"), "SEMGREP_ENABLE_VERSION_CHECK": "0"}


def _stored(db: Path) -> list[tuple[str, str, str]]:
    with Store(db, read_only=True) as store:
        return sorted((r["model"], r["suite"], r["status"]) for r in store.runs())


@pytest.mark.slow
def test_a_config_file_runs_every_model_on_every_suite(env, suite_root, replay_file, tmp_path):
    shutil.copytree(suite_root / "mini", suite_root / "mini2")
    (suite_root / "mini2" / "suite.yaml").write_text((suite_root / "mini2" / "suite.yaml").read_text().replace("mini", "mini2"))
    other = tmp_path / "other.jsonl"
    other.write_text(replay_file.read_text().replace("os.system('ping -c 1 ' + host)", "print(host)"))
    db = tmp_path / "runs.db"
    config = tmp_path / "runs.yaml"
    config.write_text(yaml.safe_dump({"version": 1, "models": [f"replay:{replay_file}", f"replay:{other}"],
                                      "suites": ["mini", "mini2"], "limit": 2, "no_exec": True, "db": str(db)}))
    proc = codeeval("run", "--config", str(config), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "4 of 4 runs finished" in proc.stderr
    assert proc.stdout.count("run ") == 4  # a summary per run
    assert _stored(db) == sorted((f"replay:{m}", s, "done") for m in (replay_file, other) for s in ("mini", "mini2"))
    with Store(db, read_only=True) as store:
        assert {r["manifest"]["options"]["limit"] for r in store.runs()} == {2}


@pytest.mark.slow
def test_one_failing_pair_is_reported_and_the_others_still_run(env, replay_file, tmp_path):
    db = tmp_path / "runs.db"
    proc = codeeval("run", "-m", f"replay:{tmp_path / 'missing.jsonl'}", "-m", f"replay:{replay_file}", "-s", "mini",
                    "--no-exec", "--limit", "1", "--db", str(db), env=env)
    assert proc.returncode == 1, proc.stderr
    assert f"codeeval: error: replay:{tmp_path / 'missing.jsonl'} x mini:" in proc.stderr
    assert "1 of 2 runs finished; failed: replay:" in proc.stderr
    assert ("replay:" + str(replay_file), "mini", "done") in _stored(db)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("models: [a]\nsuites: [b]\nsampels: 3\n", "unknown key 'sampels'"),
        ("models: [a]\nsuites: [b]\nsamples: 0\n", "samples: input should be greater than or equal to 1"),
        ("models: []\nsuites: [b]\n", "models: must not be empty"),
        ("suites: [b]\n", "models: required"),
        ("models: [a]\nsuites: [b]\ntemperature: hot\n", "temperature: input should be a valid number"),
        ("models: [a]\nsuites: [b]\nno_exec: 'yes'\n", "no_exec: input should be a valid boolean"),
        ("models: [a]\nsuites: [b]\nversion: 2\n", "version: 2 is not supported"),
        ("- a\n- b\n", "expected a mapping of settings at the top level"),
        ("models: [a\n", "not valid YAML at line"),
    ],
)
def test_a_bad_config_is_one_line_naming_the_key_and_exit_2(env, tmp_path, text, message):
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    proc = codeeval("run", "--config", str(config), env=env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"codeeval: error: run config {config}: ") and message in lines[0], lines


def test_command_line_options_override_the_file(tmp_path):
    config = tmp_path / "runs.yaml"
    config.write_text("models: [a, b]\nsuites: x\nlimit: 5\nsamples: 2\ntemperature: 0.5\n")
    settings = build(config, {"models": ["c"], "suites": [], "limit": 1, "samples": None, "no_exec": False})
    assert settings.pairs() == [("c", "x")]
    assert (settings.limit, settings.samples, settings.temperature, settings.no_exec) == (1, 2, 0.5, False)
    options = settings.run_options("c", "x")
    assert (options.limit, options.samples, options.execute) == (1, 2, True)
    assert build(None, {"models": ["a", "b"], "suites": ["s", "t"]}).pairs() == [("a", "s"), ("a", "t"), ("b", "s"), ("b", "t")]
    with pytest.raises(RunConfigError, match="--model and --suite are required"):
        build(None, {"models": ["a"], "suites": []})


def test_the_schema_is_generated_from_the_model_and_agrees_with_validation(env):
    proc = codeeval("config", "schema", "run", env=env)
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert schema == {"$schema": "https://json-schema.org/draft/2020-12/schema", **run_config_schema()}
    assert {"executor", "address", "models", "suites"} <= set(schema["properties"])
    good = {"models": ["a"], "suites": ["s"], "samples": 3, "executor": "ray", "address": "ray://head:10001"}
    jsonschema.validate(good, schema)
    assert parse_run_config(good).executor == "ray"
    for bad in ({"models": ["a"]}, {"models": ["a"], "suites": ["s"], "samples": 0},
                {"models": ["a"], "suites": ["s"], "extra": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
        with pytest.raises(RunConfigError):
            parse_run_config(bad)
    policy = json.loads(codeeval("config", "schema", "policy", env=env).stdout)
    assert policy["title"] == "Policy" and policy["additionalProperties"] is False


def test_config_check_prints_the_runs_a_file_makes_and_the_effective_policy(env, tmp_path):
    config = tmp_path / "runs.yaml"
    config.write_text("models: [a, b]\nsuites: [x, y]\nlimit: 3\n")
    proc = codeeval("config", "check", str(config), env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["4 run(s): 2 model(s) x 2 suite(s)", "  a x x", "  a x y", "  b x x", "  b x y",
                                        "limit: 3"]
    policy = tmp_path / "team.yaml"
    policy.write_text("allow:\n  - rule: B324\n    justification: cache keys\nfindings:\n  block: high\n")
    proc = codeeval("config", "check", "--kind", "policy", str(policy), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "finding_block     high" in proc.stdout and "allow             B324 (cache keys)" in proc.stdout
    policy.write_text("findings:\n  block: severe\n")
    proc = codeeval("config", "check", "--kind", "policy", str(policy), env=env)
    assert proc.returncode == 2 and "findings.block: 'severe'" in proc.stderr
