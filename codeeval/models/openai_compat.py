"""OpenAI-compatible servers (vLLM, Ollama, llama.cpp server, TGI, the OpenAI API itself).

Chat prompts go to /chat/completions, plain-text prompts to /completions. One HTTP request per
sample (servers differ in how they honour `n`, and one request per sample gives each its own seed).

Several replicas of one model: `openai:URL1,URL2,...#NAME`. Requests are spread over the endpoints,
at most `concurrency` in flight on each (the least busy healthy one gets the next). 429, 5xx, timeouts
and dropped connections are retried, on another endpoint when there is one: the endpoint that failed
rests for an exponential backoff (or its Retry-After) before it gets requests again. Any other 4xx is a
configuration mistake and stops the run at once with the server's own message. The model's identity is
the served name, not the URLs: adding, removing or reordering replicas does not change it.
Connections are kept open (httpx).
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from codeeval.errors import CodeevalError
from codeeval.models.base import GenerationRequest, cut_at_stop
from codeeval.models.spec import ModelSpec
from codeeval.types import Completion

_FINISH = {"stop": "stop", "length": "length", "eos": "stop", "content_filter": "error"}


def endpoints_of(target: str) -> list[str]:
    """The base URLs of a spec's target (`URL` or `URL1,URL2,...`), each checked, duplicates dropped."""
    urls: list[str] = []
    for part in target.split(","):
        url = part.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise CodeevalError(f"openai endpoint {part.strip()!r}: each base url must start with http:// or https://")
        if url not in urls:
            urls.append(url)
    return urls


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Job:
    request: GenerationRequest
    sample: int


@dataclass
class _Endpoint:
    url: str
    in_flight: int = 0
    failures: int = 0  # consecutive failures; 0 once a request succeeds
    rest_until: float = 0.0  # monotonic time before which it gets no request (backoff after a failure)


class OpenAIGenerator:
    def __init__(
        self,
        spec: ModelSpec,
        *,
        concurrency: int = 4,
        timeout_s: float = 120.0,
        max_retries: int = 5,
        backoff_s: float = 1.0,
        max_backoff_s: float = 30.0,
    ):
        if concurrency < 1:
            raise CodeevalError(f"concurrency must be at least 1, got {concurrency}")
        self.model = spec.raw
        self.endpoints = [_Endpoint(url) for url in endpoints_of(spec.target)]
        self.base_url = self.endpoints[0].url if len(self.endpoints) == 1 else ",".join(e.url for e in self.endpoints)
        self.model_name = spec.model_name or ""
        self.api_key = os.environ.get(spec.key_env, "")
        if spec.key_env != "OPENAI_API_KEY" and not self.api_key:
            raise CodeevalError(f"environment variable {spec.key_env} (named in the model spec) is not set")
        self.concurrency = concurrency  # requests in flight per endpoint
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._stop = threading.Event()
        self._turn = threading.Condition()  # guards the endpoints' counters; woken when one frees up
        self._client: Any = None

    @property
    def identity(self) -> str:
        # The server decides which weights sit behind a name; the served name is all we can pin. Replicas
        # serve the same model, so the URLs (how many, in which order) are left out.
        return f"openai-served:{self.model_name}"

    def close(self) -> None:
        self._stop.set()
        if self._client is not None:
            self._client.close()
            self._client = None

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        import httpx

        jobs = [_Job(r, s) for r in requests for s in r.sample_indices]
        self._stop.clear()
        width = self.concurrency * len(self.endpoints)
        if self._client is None:
            limits = httpx.Limits(max_connections=width, max_keepalive_connections=width)
            self._client = httpx.Client(timeout=self.timeout_s, limits=limits)
        pool = ThreadPoolExecutor(max_workers=width, thread_name_prefix="openai")
        try:
            queue = iter(jobs)
            running: set[Future] = set()
            for job in queue:
                running.add(pool.submit(self._complete, job))
                if len(running) >= width:
                    break
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    completion = future.result()  # a fatal error propagates here and ends the run
                    next_job = next(queue, None)
                    if next_job is not None:
                        running.add(pool.submit(self._complete, next_job))
                    yield completion
        finally:
            self._stop.set()  # in-flight workers stop retrying; their results are dropped
            with self._turn:
                self._turn.notify_all()
            pool.shutdown(wait=True, cancel_futures=True)

    # -- one sample ----------------------------------------------------------------------------

    def _complete(self, job: _Job) -> Completion:
        request, config = job.request, job.request.config
        body: dict = {
            "model": self.model_name,
            "max_tokens": config.max_new_tokens,
            "temperature": config.temperature,
            "top_p": config.top_p,
            "seed": config.seed + job.sample,
        }
        if config.stop:
            body["stop"] = list(config.stop)
        if request.is_chat:
            path, body["messages"] = "/chat/completions", request.messages()
        else:
            path, body["prompt"] = "/completions", request.prompt
        started = time.monotonic()
        reply, url = self._post_with_retries(path, body, request.task_id)
        latency = time.monotonic() - started
        try:
            choice = reply["choices"][0]
            text = choice["message"]["content"] if request.is_chat else choice["text"]
            usage = reply.get("usage") or {}
        except (KeyError, IndexError, TypeError):
            raise CodeevalError(f"{url}{path} returned an unexpected reply: {json.dumps(reply)[:200]}") from None
        text = text or ""
        # Some servers return the stop sequence or ignore `stop`; cut here so every backend agrees.
        text, stopped = cut_at_stop(text, config.stop)
        finish = "stop" if stopped else _FINISH.get(choice.get("finish_reason") or "stop", "stop")
        return Completion(
            task_id=request.task_id,
            model=self.model,
            sample=job.sample,
            text=text,
            finish_reason=finish,
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            latency_s=latency,
            identity=self.identity,
            config_hash=config.hash(),
        )

    def _post_with_retries(self, path: str, body: dict, task_id: str) -> tuple[dict, str]:
        last, failed = "", None
        for _attempt in range(self.max_retries + 1):
            endpoint = self._acquire(avoid=failed)
            try:
                reply = self._post(endpoint.url, path, body)
            except _Retryable as exc:
                last, failed = (str(exc) if len(self.endpoints) == 1 else f"{exc} ({endpoint.url})"), endpoint
                self._release(endpoint, exc)
                continue
            except BaseException:
                self._release(endpoint, None)
                raise
            self._release(endpoint, None)
            return reply, endpoint.url
        where = self.base_url if len(self.endpoints) == 1 else f"every endpoint of {self.base_url}"
        raise CodeevalError(
            f"{where}{path} kept failing for task {task_id} after {self.max_retries + 1} attempts: {last}; "
            "check that the server is up and not overloaded"
        )

    def _acquire(self, avoid: _Endpoint | None) -> _Endpoint:
        """The endpoint for the next try: one with a free slot that is not resting, the least busy first,
        and not the one that just failed when another can take it. Waits while none can."""
        with self._turn:
            while True:
                if self._stop.is_set() and avoid is not None:
                    raise CodeevalError("generation cancelled")
                now = time.monotonic()
                open_ = [e for e in self.endpoints if e.in_flight < self.concurrency]
                ready = [e for e in open_ if e.rest_until <= now]
                if ready:
                    chosen = min(ready, key=lambda e: (e is avoid and len(ready) > 1, e.in_flight, e.failures))
                    chosen.in_flight += 1
                    return chosen
                wake = min((e.rest_until for e in open_), default=None)
                self._turn.wait(None if wake is None else max(0.001, wake - now))

    def _release(self, endpoint: _Endpoint, failure: _Retryable | None) -> None:
        with self._turn:
            endpoint.in_flight -= 1
            if failure is None:
                endpoint.failures, endpoint.rest_until = 0, 0.0
            else:
                delay = min(self.max_backoff_s, self.backoff_s * 2**endpoint.failures) * (0.5 + random.random() / 2)
                if failure.retry_after is not None:
                    delay = min(self.max_backoff_s, max(delay, failure.retry_after))
                endpoint.failures += 1
                endpoint.rest_until = time.monotonic() + delay
            self._turn.notify_all()

    def _post(self, url: str, path: str, body: dict) -> dict:
        import httpx

        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        try:
            resp = self._client.post(url + path, content=json.dumps(body).encode(), headers=headers)
        except httpx.TimeoutException:
            raise _Retryable(f"no reply within {self.timeout_s:g} s") from None
        except httpx.ConnectError as exc:
            raise _Retryable(f"cannot reach server: {exc}") from None
        except httpx.TransportError as exc:  # reset, cut-off reply, protocol error
            raise _Retryable(f"connection failed: {exc!r}") from None
        status = resp.status_code
        if status >= 400:
            detail = _error_detail(resp)
            if status in (408, 429) or status >= 500:
                raise _Retryable(f"HTTP {status}: {detail}", _retry_after(resp))
            hint = " (check the API key)" if status in (401, 403) else ""
            hint = hint or (" (check the base url: it usually ends in /v1)" if status == 404 else "")
            raise CodeevalError(f"{url}{path} refused the request: HTTP {status}: {detail}{hint}")
        try:
            return json.loads(resp.content)
        except ValueError:
            raise _Retryable(f"reply is not JSON: {resp.content[:100]!r}") from None


def _error_detail(resp: Any) -> str:
    try:
        data = json.loads(resp.content)
        err = data.get("error", data)
        return str(err.get("message", err) if isinstance(err, dict) else err)[:300]
    except (ValueError, AttributeError):  # the body only decorates the error message
        return resp.reason_phrase or "error"


def _retry_after(resp: Any) -> float | None:
    value = resp.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
