"""benchmarks/quality/import_coverage.py: import names are read the way the sandbox will need them, and the
probe asks the real image."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load():
    name = "codeeval_bench_import_coverage"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "quality" / "import_coverage.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


cov = _load()


def test_top_level_names_of_every_import_form():
    code = "import os.path, json as j\nfrom yaml import safe_load\nfrom . import sibling\nfrom solution import f\n" \
           "def g():\n    import numpy.linalg\n"
    assert cov.top_level_imports(code) == {"os", "json", "yaml", "numpy"}


def test_unparsable_code_falls_back_to_import_lines():
    truncated = "import requests\nfrom flask import Flask\ndef handler(:\n    import psutil, bcrypt\n"
    assert cov.top_level_imports(truncated) == {"requests", "flask", "psutil", "bcrypt"}
    assert cov.top_level_imports("Write a function that imports nothing") == set()


def test_fenced_code_is_taken_from_prompts():
    prompt = "Complete this:\n```python\nimport pandas as pd\n```\nand explain"
    assert cov.top_level_imports(cov.code_in_text(prompt)) == {"pandas"}


def test_the_suites_and_corpora_give_both_halves():
    counts = cov.tally([*cov.suite_sources(), *cov.corpus_sources(), *cov.fixture_sources()])
    assert sum(counts["heldout"].values()) > 50
    assert "flask" in counts["tuning"] and "requests" in counts["tuning"]


@pytest.mark.docker
@pytest.mark.slow
def test_probe_asks_the_image_with_no_network():
    from codeeval.execution import SandboxConfig

    ok = cov.satisfied_in_image(SandboxConfig.from_env().image, ["json", "sqlite3", "no_such_module_codeeval"])
    assert ok == {"json": True, "sqlite3": True, "no_such_module_codeeval": False}
