"""One model served by several OpenAI-compatible replicas: real HTTP servers started here, one of them failing."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from codeeval.errors import CodeevalError
from codeeval.models import GenerationRequest, load_generator

from .cluster import free_port

CHAT = [{"role": "user", "content": "hi"}]


class Replica:
    """Answers /v1/chat/completions with its own name in the text, or with `status` (and its headers)."""

    def __init__(self, name: str, status: int = 200, headers: dict[str, str] | None = None, delay_s: float = 0.0):
        self.name, self.status, self.headers, self.delay_s = name, status, headers or {}, delay_s
        self.requests = 0
        self.in_flight = self.peak = 0
        self.lock = threading.Lock()
        replica = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with replica.lock:
                    replica.requests += 1
                    replica.in_flight += 1
                    replica.peak = max(replica.peak, replica.in_flight)
                try:
                    time.sleep(replica.delay_s)
                    if replica.status == 200:
                        text = f"from {replica.name} seed={body['seed']}"
                        payload = {"choices": [{"message": {"content": text}, "finish_reason": "stop"}]}
                    else:
                        payload = {"error": {"message": f"{replica.name} is down"}}
                    data = json.dumps(payload).encode()
                    self.send_response(replica.status)
                    for k, v in replica.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    with replica.lock:
                        replica.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def replicas():
    made: list[Replica] = []

    def make(*args, **kw) -> Replica:
        made.append(Replica(*args, **kw))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _requests(n: int) -> list[GenerationRequest]:
    return [GenerationRequest(f"t{i}", CHAT) for i in range(n)]


def test_a_generation_completes_when_one_of_two_replicas_fails(replicas):
    good, bad = replicas("good"), replicas("bad", status=503)
    gen = load_generator(f"openai:{bad.url},{good.url}#coder", backoff_s=0.5, concurrency=2)
    out = list(gen.generate(_requests(10)))
    gen.close()
    assert sorted(c.task_id for c in out) == sorted(f"t{i}" for i in range(10))
    assert all(c.text == "from good seed=0" for c in out)
    assert good.requests == 10
    # The failing replica rests after each failure instead of taking its share of every sample.
    assert 1 <= bad.requests <= 5


def test_an_unreachable_replica_is_passed_over(replicas):
    good = replicas("good")
    dead = f"http://127.0.0.1:{free_port()}/v1"
    gen = load_generator(f"openai:{dead},{good.url}#coder", backoff_s=0.5, concurrency=1)
    out = list(gen.generate(_requests(4)))
    gen.close()
    assert len(out) == 4 and good.requests == 4


def test_a_429_sends_the_retry_to_the_other_replica_at_once(replicas):
    busy, free = replicas("busy", status=429, headers={"Retry-After": "20"}), replicas("free")
    gen = load_generator(f"openai:{busy.url},{free.url}#coder", backoff_s=0.01, concurrency=1)
    started = time.monotonic()
    out = list(gen.generate(_requests(5)))
    gen.close()
    assert time.monotonic() - started < 5  # nobody waited out the 20 s Retry-After
    assert {c.text for c in out} == {"from free seed=0"} and busy.requests == 1


def test_requests_spread_over_replicas_with_bounded_concurrency_each(replicas):
    a, b = replicas("a", delay_s=0.2), replicas("b", delay_s=0.2)
    gen = load_generator(f"openai:{a.url},{b.url}#coder", concurrency=2)
    out = list(gen.generate(_requests(12)))
    gen.close()
    assert len(out) == 12
    assert a.peak <= 2 and b.peak <= 2
    assert a.requests >= 3 and b.requests >= 3 and a.requests + b.requests == 12


def test_every_replica_failing_is_reported_with_the_endpoints(replicas):
    a, b = replicas("a", status=500), replicas("b", status=502)
    gen = load_generator(f"openai:{a.url},{b.url}#coder", backoff_s=0.01, max_retries=3)
    with pytest.raises(CodeevalError, match=r"every endpoint of .* kept failing for task t0 after 4 attempts"):
        list(gen.generate(_requests(1)))
    assert a.requests + b.requests == 4 and a.requests >= 1 and b.requests >= 1


def test_the_identity_is_the_served_model_whatever_the_replicas():
    one = load_generator("openai:http://10.0.0.1:8000/v1#qwen-coder")
    two = load_generator("openai:http://10.0.0.2:8000/v1,http://10.0.0.1:8000/v1/#qwen-coder")
    assert one.identity == two.identity == "openai-served:qwen-coder"
    assert load_generator("openai:http://10.0.0.1:8000/v1#other").identity != one.identity
    assert [e.url for e in two.endpoints] == ["http://10.0.0.2:8000/v1", "http://10.0.0.1:8000/v1"]


def test_a_replica_list_with_a_bad_url_is_refused():
    with pytest.raises(CodeevalError, match="must start with http"):
        load_generator("openai:http://10.0.0.1:8000/v1,10.0.0.2:8000/v1#m")
