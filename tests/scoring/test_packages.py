"""Hallucinated-package detection against a local HTTP server that speaks the PyPI JSON API."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from codeeval.scoring.packages import PackageIndex, referenced_packages

EXISTING = {"requests-toolbelt", "opencv-python", "flask-limiter"}


class FakePyPI(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        name = self.path.strip("/").split("/")[-2]  # /pypi/<name>/json
        FakePyPI.hits.append(name)
        if name in EXISTING:
            body = json.dumps({"info": {"name": name}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def pypi():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePyPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakePyPI.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()


CODE = """
import os, json
import cv2
from requests_toolbelt import MultipartEncoder
import flask_limiter
from quantum_secure_hasher import hash_it
import pytest
"""


def test_imports_and_installs_are_mapped_to_distributions():
    refs = referenced_packages(CODE + "\n!pip install -q fastjsonx==1.0 --upgrade\n")
    names = {name for name, _, _ in refs}
    assert {"opencv-python", "requests_toolbelt", "flask_limiter", "quantum_secure_hasher", "pytest", "fastjsonx"} <= names
    assert "os" not in names and "json" not in names


def test_fragments_that_do_not_parse_still_yield_imports():
    refs = referenced_packages("    import totally_madeup_pkg\n    x = (\n")
    assert refs == [("totally_madeup_pkg", "import", "totally_madeup_pkg")]


def test_existing_missing_and_known_packages(pypi, tmp_path):
    index = PackageIndex(base_url=pypi, cache_path=tmp_path / "cache.json")
    status = {ref.name: ref.status for ref in index.check(CODE)}
    assert status["opencv-python"] == "exists"
    assert status["requests_toolbelt"] == "exists"
    assert status["quantum_secure_hasher"] == "missing"
    assert status["pytest"] == "known"


def test_answers_are_cached_on_disk(pypi, tmp_path):
    cache = tmp_path / "cache.json"
    PackageIndex(base_url=pypi, cache_path=cache).check(CODE)
    asked = len(FakePyPI.hits)
    again = PackageIndex(base_url=pypi, cache_path=cache).check(CODE)
    assert len(FakePyPI.hits) == asked
    assert {r.name: r.status for r in again}["quantum_secure_hasher"] == "missing"


def test_unreachable_index_gives_unknown_not_a_guess(tmp_path):
    index = PackageIndex(base_url="http://127.0.0.1:9/pypi", cache_path=tmp_path / "c.json", timeout_s=1)
    status = {ref.name: ref.status for ref in index.check("import quantum_secure_hasher\nimport numpy_plus_plus\n")}
    assert set(status.values()) == {"unknown"}
