"""The OpenAI-compatible backend against a real HTTP server started by the test (no client mocks)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from codeeval.errors import CodeevalError
from codeeval.models import GenerationConfig, GenerationRequest, load_generator
from codeeval.models.runner import generate_stored
from codeeval.store import Store


class FakeServer:
    """Speaks /v1/chat/completions and /v1/completions. `failures` is a list of (status, body,
    headers) returned, one per request, before normal replies resume; `delay_s` slows each reply."""

    def __init__(self):
        self.failures: list[tuple[int, dict, dict]] = []
        self.delay_s = 0.0
        self.requests: list[dict] = []
        self.in_flight = 0
        self.peak = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server.lock:
                    server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                    server.in_flight += 1
                    server.peak = max(server.peak, server.in_flight)
                    failure = server.failures.pop(0) if server.failures else None
                try:
                    if server.delay_s:
                        time.sleep(server.delay_s)
                    if failure:
                        status, payload, headers = failure
                    elif self.path == "/v1/chat/completions":
                        status, payload, headers = 200, server.chat_reply(body), {}
                    elif self.path == "/v1/completions":
                        status, payload, headers = 200, server.text_reply(body), {}
                    else:
                        status, payload, headers = 404, {"error": {"message": f"no route {self.path}"}}, {}
                    data = json.dumps(payload).encode()
                    try:
                        self.send_response(status)
                        for k, v in headers.items():
                            self.send_header(k, v)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up (timeout test)
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @staticmethod
    def chat_reply(body):
        last = body["messages"][-1]["content"]
        text = f"echo {last} seed={body.get('seed')} STOP tail"
        finish = "stop"
        if body.get("stop"):
            text = text.split(body["stop"][0])[0]
        if body["max_tokens"] < 5:
            text, finish = text[: body["max_tokens"]], "length"
        return {
            "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7},
        }

    @staticmethod
    def text_reply(body):
        return {
            "model": body["model"],
            "choices": [{"index": 0, "text": body["prompt"] + "  return 1", "finish_reason": "length"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 4},
        }

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


def _gen(server, **options):
    options.setdefault("backoff_s", 0.01)
    return load_generator(f"openai:{server.url}#coder-7b", **options)


CHAT = [{"role": "user", "content": "hello"}]


def test_chat_and_completion_prompts_use_their_endpoints(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    gen = _gen(server)
    config = GenerationConfig(max_new_tokens=64, system_prompt="Be safe.")
    out = {c.task_id: c for c in gen.generate([GenerationRequest("chat", CHAT, config), GenerationRequest("text", "def f():", config)])}
    assert out["chat"].text == "echo hello seed=0 STOP tail"
    assert out["chat"].prompt_tokens == 11 and out["chat"].completion_tokens == 7
    assert out["text"].text == "def f():  return 1"
    assert out["text"].finish_reason == "length"
    paths = sorted(r["path"] for r in server.requests)
    assert paths == ["/v1/chat/completions", "/v1/completions"]
    chat_body = next(r["body"] for r in server.requests if r["path"] == "/v1/chat/completions")
    assert chat_body["messages"][0] == {"role": "system", "content": "Be safe."}
    assert chat_body["model"] == "coder-7b" and chat_body["max_tokens"] == 64
    assert all(r["auth"] == "Bearer sk-test" for r in server.requests)
    assert out["chat"].identity == "openai-served:coder-7b"  # the served name; replicas share it


def test_each_sample_is_its_own_request_with_its_own_seed(server):
    gen = _gen(server)
    out = list(gen.generate([GenerationRequest("t", CHAT, GenerationConfig(n=3, seed=10, temperature=0.8))]))
    assert sorted(c.sample for c in out) == [0, 1, 2]
    assert sorted(r["body"]["seed"] for r in server.requests) == [10, 11, 12]
    assert {c.text for c in out} == {f"echo hello seed={s} STOP tail" for s in (10, 11, 12)}


def test_stop_sequences_are_sent_and_enforced(server):
    gen = _gen(server)
    (c,) = gen.generate([GenerationRequest("t", CHAT, GenerationConfig(stop=(" STOP",)))])
    assert c.text == "echo hello seed=0"
    assert server.requests[0]["body"]["stop"] == [" STOP"]
    assert c.finish_reason == "stop"


def test_429_and_5xx_are_retried_until_success(server):
    server.failures = [
        (429, {"error": {"message": "slow down"}}, {"Retry-After": "0"}),
        (500, {"error": {"message": "boom"}}, {}),
        (503, {"error": {"message": "loading"}}, {}),
    ]
    gen = _gen(server)
    (c,) = gen.generate([GenerationRequest("t", CHAT)])
    assert c.text.startswith("echo hello")
    assert len(server.requests) == 4


def test_retries_give_up_with_a_clear_error(server):
    server.failures = [(502, {"error": {"message": "bad gateway"}}, {})] * 10
    gen = _gen(server, max_retries=2)
    with pytest.raises(CodeevalError, match=r"after 3 attempts: HTTP 502: bad gateway"):
        list(gen.generate([GenerationRequest("t", CHAT)]))
    assert len(server.requests) == 3


def test_other_4xx_fails_at_once_with_the_server_message(server):
    server.failures = [(400, {"error": {"message": "max_tokens is too large"}}, {})]
    gen = _gen(server)
    with pytest.raises(CodeevalError, match="HTTP 400: max_tokens is too large"):
        list(gen.generate([GenerationRequest("t", CHAT)]))
    assert len(server.requests) == 1


def test_unknown_route_hints_at_the_base_url(server):
    gen = load_generator(f"openai:{server.url[:-3]}#m", backoff_s=0.01)  # forgot the /v1
    with pytest.raises(CodeevalError, match="usually ends in /v1"):
        list(gen.generate([GenerationRequest("t", CHAT)]))


def test_slow_replies_time_out_and_are_retried(server):
    server.delay_s = 0.6
    gen = _gen(server, timeout_s=0.2, max_retries=1)
    started = time.monotonic()
    with pytest.raises(CodeevalError, match="no reply within 0.2 s"):
        list(gen.generate([GenerationRequest("t", CHAT)]))
    assert time.monotonic() - started < 3
    assert len(server.requests) == 2
    server.delay_s = 0.05
    assert next(_gen(server, timeout_s=2).generate([GenerationRequest("t", CHAT)])).text


def test_concurrency_is_bounded(server):
    server.delay_s = 0.15
    gen = _gen(server, concurrency=2)
    out = list(gen.generate([GenerationRequest(f"t{i}", CHAT) for i in range(6)]))
    assert len(out) == 6
    assert server.peak == 2


def test_unreachable_server_is_retried_then_reported():
    gen = load_generator("openai:http://127.0.0.1:9/v1#m", max_retries=1, backoff_s=0.01)
    with pytest.raises(CodeevalError, match="kept failing.*cannot reach server"):
        list(gen.generate([GenerationRequest("t", CHAT)]))


def test_named_key_variable_must_exist(monkeypatch):
    monkeypatch.delenv("MY_VLLM_KEY", raising=False)
    with pytest.raises(CodeevalError, match="MY_VLLM_KEY"):
        load_generator("openai:http://127.0.0.1:9/v1#m?key_env=MY_VLLM_KEY")


def test_each_completion_is_stored_as_it_returns(server, tmp_path):
    # The third request fails for good: the first two must already be in the store.
    server.failures = [(200, FakeServer.chat_reply({"messages": CHAT, "max_tokens": 9, "model": "m"}), {})] * 2
    server.failures += [(400, {"error": {"message": "bad"}}, {})]
    gen = _gen(server, concurrency=1)
    requests = [GenerationRequest(f"t{i}", CHAT) for i in range(3)]
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(CodeevalError):
            generate_stored(gen, requests, store)
        assert [c.task_id for c in store.completions_for()] == ["t0", "t1"]
        server.requests.clear()
        out = generate_stored(gen, requests, store)
        assert [c.task_id for c in out] == ["t0", "t1", "t2"]
        assert len(server.requests) == 1  # only the missing one was asked for
