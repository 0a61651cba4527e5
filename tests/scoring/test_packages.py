"""Hallucinated-package detection against local HTTP servers that answer as PyPI's JSON API and the npm registry do."""

import json
import threading
import urllib.parse
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


def _serve(handler):
    """A local server for `handler`, its hits reset; yields its base URL."""
    handler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture()
def pypi():
    for base in _serve(FakePyPI):
        yield f"{base}/pypi"


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
    names = {ref.name for ref in refs}
    assert {"opencv-python", "requests_toolbelt", "flask_limiter", "quantum_secure_hasher", "pytest", "fastjsonx"} <= names
    assert "os" not in names and "json" not in names


def test_fragments_that_do_not_parse_still_yield_imports():
    refs = referenced_packages("    import totally_madeup_pkg\n    x = (\n")
    assert refs == [("totally_madeup_pkg", "import", "totally_madeup_pkg", "pypi")]


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


NPM_EXISTING = {"express", "lodash", "@babel/core"}


class FakeNpm(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        name = urllib.parse.unquote(self.path.lstrip("/"))  # /<name>, /@scope%2fname
        FakeNpm.hits.append(name)
        self.send_response(200 if name in NPM_EXISTING else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def npm():
    yield from _serve(FakeNpm)


JS = """
const fs = require("fs");
const path = require('node:path');
const helpers = require("./lib/helpers");
const _ = require('lodash/fp');
import express from "express";
import { transform } from '@babel/core';
import "./style.css";
const crypt = await import("quantum-crypt-pro");
export { thing } from "faux-export-pkg";
"""


def test_javascript_imports_name_npm_packages_not_builtins_or_paths():
    refs = {ref.name: ref for ref in referenced_packages(JS, "javascript")}
    assert set(refs) == {"lodash", "express", "@babel/core", "quantum-crypt-pro", "faux-export-pkg"}
    assert refs["lodash"].module == "lodash/fp"
    assert {ref.registry for ref in refs.values()} == {"npm"}


def test_npm_installs_in_shell_code_are_checked_too():
    refs = referenced_packages("npm install --save left-pad@1.3.0 @scope/thing@^2 ./local-dir\nyarn add quantum-crypt-pro\n",
                               "bash")
    assert [(r.name, r.source, r.registry) for r in refs] == [
        ("left-pad", "install", "npm"), ("@scope/thing", "install", "npm"), ("quantum-crypt-pro", "install", "npm")]


def test_npm_packages_are_looked_up_on_the_npm_registry(npm, pypi, tmp_path):
    index = PackageIndex(base_url=pypi, npm_url=npm, cache_path=tmp_path / "cache.json")
    status = {ref.name: ref.status for ref in index.check(JS, "javascript")}
    assert status == {"lodash": "exists", "express": "exists", "@babel/core": "exists",
                      "quantum-crypt-pro": "missing", "faux-export-pkg": "missing"}
    assert "@babel/core" in FakeNpm.hits and FakePyPI.hits == []
    # Cached apart from PyPI's answers: a PyPI project of the same name says nothing about npm.
    again = PackageIndex(base_url=pypi, npm_url=npm, cache_path=tmp_path / "cache.json")
    asked = len(FakeNpm.hits)
    assert {r.name: r.status for r in again.check(JS, "javascript")}["quantum-crypt-pro"] == "missing"
    assert len(FakeNpm.hits) == asked


def test_unreachable_npm_registry_gives_unknown(pypi, tmp_path):
    index = PackageIndex(base_url=pypi, npm_url="http://127.0.0.1:9", cache_path=tmp_path / "c.json", timeout_s=1)
    refs = index.check("import requests_toolbelt\n", "python") + index.check(JS, "javascript")
    assert {r.status for r in refs if r.registry == "npm"} == {"unknown"}
    assert {r.status for r in refs if r.registry == "pypi"} == {"exists"}
