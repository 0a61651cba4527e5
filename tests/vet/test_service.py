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


RM_HOME = "import os\nos.system('rm -rf ~')\n"


def _allow_everything(server: Server) -> dict:
    """A request policy that allow-lists every rule the default policy blocks this code for."""
    status, body = server.post("/v1/vet", {"code": RM_HOME})
    assert status == 200 and body["verdict"] == "block"
    rules = sorted({e.split(":", 1)[1] for f in body["findings"] for e in f["evidence"]})
    return {"allow": [{"rule": r, "justification": "we trust this code"} for r in rules],
            "findings": {"block_categories": [], "warn": "off", "block": "off"}}


def test_a_client_cannot_loosen_the_servers_policy(server: Server):
    # Finding 3: a request carrying its own policy with allow entries got allow for os.system("rm -rf ~").
    status, body = server.post("/v1/vet", {"code": RM_HOME, "policy": _allow_everything(server)})
    assert status == 403, body
    assert "looser than the server's" in body["error"] and any("allow: adds" in d for d in body["detail"])
    # Tightening stays open to every client.
    status, body = server.post("/v1/vet", {"code": SAMPLES["yaml_load"][1], "policy": {"findings": {"block": "medium"}}})
    assert (status, body["verdict"]) == (200, "block")


def test_loosening_needs_the_server_flag_and_named_policies_are_offered(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text("name: team\nfindings:\n  warn: high\n")
    server = Server("--allow-client-loosening", "--named-policy", str(team))
    try:
        status, body = server.post("/v1/vet", {"code": RM_HOME, "policy": _allow_everything(server)})
        assert (status, body["verdict"]) == (200, "allow")
        status, body = server.post("/v1/vet", {"code": SAMPLES["md5_password"][1], "policy": "team"})
        assert (status, body["policy"]) == (200, "team")
        status, body = server.post("/v1/vet", {"code": "x = 1\n", "policy": "nope"})
        assert status == 422 and "team" in body["error"]
        _, health = server.get("/healthz")
        assert health["policies"] == ["default", "team"]
    finally:
        server.stop()


def test_deeply_nested_json_is_a_400_not_a_500(server: Server):
    # Finding 5: 100k nested arrays gave a 500 with a RecursionError in the log.
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"code": "x", "policy": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001):
        status, doc = server.post("/v1/vet", body)
        assert status == 400 and "nested deeper" in doc["error"]
    status, _ = server.post("/v1/vet", {"code": "x = 1\n"})
    assert status == 200


def _slow_client(server: Server, parts: list[bytes], pause: float) -> tuple[float, bytes]:
    """Send `parts` with `pause` seconds between them; return when the server answered or hung up."""
    import socket

    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=120) as sock:
        sock.settimeout(pause)
        answer = b""
        for part in parts:
            try:
                sock.sendall(part)
                answer += sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if answer or not part:
                break
        return time.monotonic() - started, answer


def test_slow_clients_are_timed_out():
    # Finding 5: a client trickling its headers or body held the connection for ever.
    server = Server("--header-timeout", "2", "--body-timeout", "2")
    try:
        trickle = [b"POST /v1/vet HTTP/1.1\r\n"] + [b"X-Slow: 1\r\n"] * 40
        took, answer = _slow_client(server, trickle, 0.5)
        assert took < 10 and (answer.startswith(b"HTTP/1.1 408") or answer == b""), answer[:80]
        head = b"POST /v1/vet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        took, answer = _slow_client(server, [head] + [b" "] * 40, 0.5)
        assert took < 10 and b" 408 " in answer.split(b"\r\n", 1)[0], answer[:200]
        status, _ = server.post("/v1/vet", {"code": "x = 1\n"})
        assert status == 200
    finally:
        server.stop()


@pytest.mark.docker
def test_timed_out_runs_keep_their_slot_until_their_container_is_gone():
    # Finding 4: with --timeout 1 --max-concurrency 4, 24 run requests got 504 while 10 containers ran.
    import docker

    from codeeval.execution import image

    server = Server("--timeout", "20", "--max-concurrency", "4")
    client = docker.from_env()
    label = f"{image.LABEL_PID}={server.proc.pid}"
    try:
        most = 0
        stop = threading.Event()

        def watch() -> None:
            nonlocal most
            while not stop.is_set():
                most = max(most, len(client.api.containers(all=True, filters={"label": label})))
                time.sleep(0.1)

        watcher = threading.Thread(target=watch)
        watcher.start()
        code = "import time\ntime.sleep(60)\n"
        until = time.monotonic() + 30

        def client_loop(_: int) -> list[int]:
            # Keep the service saturated: a slot given back too early would let a fifth container start.
            seen = []
            while time.monotonic() < until:
                seen.append(server.post("/v1/vet", {"code": code, "run": True})[0])
                if seen[-1] == 503:
                    time.sleep(0.2)
            return seen

        with ThreadPoolExecutor(24) as pool:
            statuses = [s for seen in pool.map(client_loop, range(24)) for s in seen]
        time.sleep(3)  # removal of the last containers
        stop.set()
        watcher.join()
        assert set(statuses) <= {200, 503, 504}, statuses
        assert statuses.count(200) + statuses.count(504) >= 1
        assert 1 <= most <= 4, f"{most} containers at once with --max-concurrency 4"
        assert 503 in statuses  # the rest were turned away, not queued
        assert client.api.containers(all=True, filters={"label": label}) == []
        _, health = server.get("/healthz")
        assert health["in_flight"] == 0 and health["peak_in_flight"] <= 4
    finally:
        server.stop()
