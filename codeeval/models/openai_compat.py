"""OpenAI-compatible servers (vLLM, Ollama, llama.cpp server, TGI, the OpenAI API itself).

Chat prompts go to /chat/completions, plain-text prompts to /completions. One HTTP request per
sample (servers differ in how they honour `n`, and one request per sample gives each its own seed),
at most `concurrency` in flight. 429, 5xx, timeouts and dropped connections are retried with
exponential backoff (honouring Retry-After); any other 4xx is a configuration mistake and stops the
run at once with the server's own message. Uses only the standard library.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from codeeval.errors import CodeevalError
from codeeval.models.base import GenerationRequest, cut_at_stop
from codeeval.models.spec import ModelSpec
from codeeval.types import Completion

_FINISH = {"stop": "stop", "length": "length", "eos": "stop", "content_filter": "error"}


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Job:
    request: GenerationRequest
    sample: int


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
        self.base_url = spec.target
        self.model_name = spec.model_name or ""
        self.api_key = os.environ.get(spec.key_env, "")
        if spec.key_env != "OPENAI_API_KEY" and not self.api_key:
            raise CodeevalError(f"environment variable {spec.key_env} (named in the model spec) is not set")
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._stop = threading.Event()

    @property
    def identity(self) -> str:
        # The server decides which weights sit behind a name; the name and URL are all we can pin.
        return f"openai:{self.base_url}#{self.model_name}"

    def close(self) -> None:
        self._stop.set()

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        jobs = [_Job(r, s) for r in requests for s in r.sample_indices]
        self._stop.clear()
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="openai")
        try:
            queue = iter(jobs)
            running: set[Future] = set()
            for job in queue:
                running.add(pool.submit(self._complete, job))
                if len(running) >= self.concurrency:
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
        reply = self._post_with_retries(path, body, request.task_id)
        latency = time.monotonic() - started
        try:
            choice = reply["choices"][0]
            text = choice["message"]["content"] if request.is_chat else choice["text"]
            usage = reply.get("usage") or {}
        except (KeyError, IndexError, TypeError):
            raise CodeevalError(f"{self.base_url}{path} returned an unexpected reply: {json.dumps(reply)[:200]}") from None
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

    def _post_with_retries(self, path: str, body: dict, task_id: str) -> dict:
        last = ""
        for attempt in range(self.max_retries + 1):
            if self._stop.is_set() and attempt:
                raise CodeevalError("generation cancelled")
            try:
                return self._post(path, body)
            except _Retryable as exc:
                last = str(exc)
                if attempt == self.max_retries:
                    break
                delay = min(self.max_backoff_s, self.backoff_s * 2**attempt) * (0.5 + random.random() / 2)
                if exc.retry_after is not None:
                    delay = min(self.max_backoff_s, max(delay, exc.retry_after))
                if self._stop.wait(delay):
                    raise CodeevalError("generation cancelled") from None
        raise CodeevalError(
            f"{self.base_url}{path} kept failing for task {task_id} after {self.max_retries + 1} attempts: {last}; "
            "check that the server is up and not overloaded"
        )

    def _post(self, path: str, body: dict) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(
            self.base_url + path, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                payload = resp.read()
        except urllib.error.HTTPError as exc:
            detail = _error_detail(exc)
            if exc.code == 429 or exc.code == 408 or exc.code >= 500:
                raise _Retryable(f"HTTP {exc.code}: {detail}", _retry_after(exc)) from None
            hint = " (check the API key)" if exc.code in (401, 403) else ""
            hint = hint or (" (check the base url: it usually ends in /v1)" if exc.code == 404 else "")
            raise CodeevalError(f"{self.base_url}{path} refused the request: HTTP {exc.code}: {detail}{hint}") from None
        except TimeoutError:
            raise _Retryable(f"no reply within {self.timeout_s:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _Retryable(f"no reply within {self.timeout_s:g} s") from None
            raise _Retryable(f"cannot reach server: {exc.reason}") from None
        except (OSError, http.client.HTTPException) as exc:  # reset, refused, cut-off reply
            raise _Retryable(f"connection failed: {exc!r}") from None
        try:
            return json.loads(payload)
        except ValueError:
            raise _Retryable(f"reply is not JSON: {payload[:100]!r}") from None


def _error_detail(exc: urllib.error.HTTPError) -> str:
    try:
        raw = exc.read()
        data = json.loads(raw)
        err = data.get("error", data)
        return str(err.get("message", err) if isinstance(err, dict) else err)[:300]
    except (OSError, ValueError, AttributeError):  # the body only decorates the error message
        return exc.reason if isinstance(exc.reason, str) else "error"


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
