"""`codeeval serve` over real HTTP on 127.0.0.1: verdicts, auth, limits, the OpenAPI spec, fuzzing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from codeeval.errors import CodeevalError
from codeeval.service import check_bind

from .conftest import ROOT, SAMPLES, Server

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(SAMPLES))
def test_service_gives_the_expected_verdict(server: Server, name: str):
    language, code, expected = SAMPLES[name]
    status, body = server.post("/v1/vet", {"code": code, "language": language})
    assert status == 200, body
    assert body["verdict"] == expected
    assert {"verdict", "reasons", "findings", "behaviours"} <= set(body)
    if expected == "block":
        assert body["reasons"][0]["effect"] == "block" and body["reasons"][0]["cwe"]


def test_policy_override_in_the_request_changes_the_verdict(server: Server):
    code = SAMPLES["yaml_load"][1]
    status, body = server.post("/v1/vet", {"code": code, "policy": {"findings": {"block": "high"}}})
    assert (status, body["verdict"]) == (200, "block")
    status, body = server.post("/v1/vet", {"code": code, "policy": {"allow": [{"rule": "B506"}]}})
    assert status == 422 and "justification is required" in body["error"]


def test_concurrent_requests_get_their_own_verdicts(server: Server):
    names = list(SAMPLES) * 2

    def one(name: str) -> tuple[str, str]:
        language, code, _ = SAMPLES[name]
        status, body = server.post("/v1/vet", {"code": code, "language": language})
        assert status == 200, body
        return name, body["verdict"]

    with ThreadPoolExecutor(12) as pool:
        for name, verdict in pool.map(one, names):
            assert verdict == SAMPLES[name][2], name


def test_health_and_openapi_are_served(server: Server):
    status, health = server.get("/healthz")
    assert status == 200 and health["status"] == "ok" and "semgrep" in health["tools"]
    status, spec = server.get("/openapi.json")
    assert status == 200 and spec["openapi"].startswith("3.")
    assert "post" in spec["paths"]["/v1/vet"]
    assert spec["components"]["schemas"]["Policy"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b'{"language": "python"}', 422, "invalid request"),
        (b'{"code": "x", "language": "cobol"}', 422, "invalid request"),
        (b'{"code": "x", "run": "yes"}', 422, "invalid request"),
        (b'{"code": "x", "extra": 1}', 422, "invalid request"),
    ],
)
def test_bad_requests_get_a_4xx_with_a_json_error(server: Server, body: bytes, status: int, message: str):
    got, doc = server.post("/v1/vet", body)
    assert got == status
    assert message in doc["error"]


def _raw_request(server: Server, head: str, body: bytes) -> tuple[int, dict]:
    """Send the head and as much of the body as the server reads, then read its answer: a server that
    refuses a body early may close the connection before a client library finishes sending it."""
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head.encode())
        try:
            sock.sendall(body)
        except OSError:
            pass
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    head_part, _, payload = data.partition(b"\r\n\r\n")
    status = int(head_part.split()[1])
    if b"transfer-encoding: chunked" in head_part.lower():
        size, _, rest = payload.partition(b"\r\n")
        payload = rest[: int(size, 16)]
    return status, json.loads(payload)


def test_oversized_body_is_refused_with_413_by_its_declared_length(server: Server):
    body = json.dumps({"code": "x = 1\n" * 200_000}).encode()  # 1.2 MB, over the default 512 KiB
    head = (f"POST /v1/vet HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    status, doc = _raw_request(server, head, body)
    assert status == 413 and "larger than" in doc["error"]


def test_oversized_chunked_body_is_refused_with_413_while_streaming(server: Server):
    piece = b"x" * 65536
    chunks = b"".join(b"%x\r\n" % len(piece) + piece + b"\r\n" for _ in range(12)) + b"0\r\n\r\n"
    head = ("POST /v1/vet HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    status, doc = _raw_request(server, head, chunks)
    assert status == 413 and "larger than" in doc["error"]


def test_api_key_is_required_when_configured():
    server = Server("--api-key-env", "CODEEVAL_TEST_KEY", env={"CODEEVAL_TEST_KEY": "s3cret-key"})
    try:
        status, body = server.post("/v1/vet", {"code": "x = 1"})
        assert status == 401 and "X-API-Key" in body["error"]
        status, _ = server.post("/v1/vet", {"code": "x = 1"}, headers={"X-API-Key": "wrong"})
        assert status == 401
        status, body = server.post("/v1/vet", {"code": "x = 1"}, headers={"X-API-Key": "s3cret-key"})
        assert status == 200 and body["verdict"] == "allow"
        _, spec = server.get("/openapi.json")
        assert spec["components"]["securitySchemes"]["apiKey"]["name"] == "X-API-Key"
    finally:
        server.stop()


def test_without_a_key_it_refuses_to_bind_beyond_loopback():
    proc = subprocess.run(
        [sys.executable, "-m", "codeeval", "serve", "--host", "0.0.0.0", "--port", "0"],
        check=False, capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )
    assert proc.returncode == 2
    assert "refusing to bind 0.0.0.0 without an API key" in proc.stderr
    assert proc.stderr.count("\n") == 1
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", "a-key")
    with pytest.raises(CodeevalError):
        check_bind("192.168.1.10", None)


def test_saturated_service_answers_503_instead_of_queueing_without_bound():
    server = Server("--max-concurrency", "1")
    try:
        results: list[int] = []
        lock = threading.Lock()

        def one(i: int) -> None:
            status, _ = server.post("/v1/vet", {"code": f"import yaml\nyaml.load(open('f{i}'))\n"})
            with lock:
                results.append(status)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert 503 in results and 200 in results, results
        assert set(results) <= {200, 503}
    finally:
        server.stop()


def test_a_request_past_the_deadline_gets_504_and_the_service_keeps_serving():
    # The smallest deadline the CLI accepts is 1 s; a large file keeps the scan busy longer than that.
    server = Server("--timeout", "1")
    try:
        code = "".join(f"def f{i}(x):\n    return sorted(x, key=lambda v: (v, {i}))\n" for i in range(6000))
        status, body = server.post("/v1/vet", {"code": code})
        assert status == 504 and "did not finish within" in body["error"]
        time.sleep(0.5)
        with urllib.request.urlopen(server.url + "/healthz", timeout=30) as response:
            assert json.loads(response.read())["status"] == "ok"
    finally:
        server.stop()


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_fuzzing_the_api_from_its_openapi_spec_finds_no_server_errors(mode: str):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    # --no-run: generated code is only scanned here, never executed (run: true gets the documented 400).
    server = Server("--no-run", "--max-concurrency", "64")
    try:
        schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
        checks = [not_a_server_error, status_code_conformance, response_schema_conformance]
        if mode == "negative":
            checks.append(negative_data_rejection)
        calls: list[int] = []

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=schema.as_strategy(generation_mode=schemathesis.GenerationMode(mode)))
        def fuzz(case) -> None:
            response = case.call_and_validate(base_url=server.url, timeout=60, checks=checks)
            calls.append(response.status_code)

        fuzz()
        assert len(calls) >= 30
        assert all(status < 500 for status in calls), calls
    finally:
        server.stop()
