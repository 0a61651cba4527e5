"""`codeeval serve`: the vet API over HTTP (Starlette on uvicorn, requests validated by pydantic).

    POST /v1/vet     {"code": "...", "language": "python", "run": false, "policy": {...}}  -> a Verdict
    GET  /healthz    liveness, tool versions
    GET  /openapi.json

Safety of the service itself: an API key (header X-API-Key, compared in constant time) whenever one
is configured, and no binding beyond loopback without one; a body size limit (413) and a nesting
limit (400) on the JSON; header and body read deadlines (408, so a slow client cannot hold a
connection); a limit on work in flight (503 with Retry-After when saturated, never an unbounded
queue) that counts a request until its work has ended and its container is removed, not until its
answer was sent; a per-request deadline (504) that also cuts the sandbox run. The policy is the
server's: a request may name one of the policies the server offers or send a stricter one; a looser
one is refused (403) unless the server was started with --allow-client-loosening. All requests share
one Vetter, so concurrent requests share Semgrep batches.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

from codeeval import __version__
from codeeval.errors import CodeevalError, ToolError
from codeeval.policy import load_policy, loosenings, parse_policy

API_KEY_HEADER = "X-API-Key"


@dataclass(frozen=True)
class ServiceConfig:
    api_key: str | None = None  # None: no authentication, loopback only
    max_concurrency: int = 32  # requests being vetted at once; the next gets 503
    max_body_bytes: int = 512 * 1024
    timeout_s: float = 60.0  # per request, static scan and sandbox run together
    allow_run: bool = True  # accept run: true (sandbox execution)
    batch_window_s: float = 0.05  # how long a busy Semgrep micro-batch waits for more requests
    # Semgrep batches in flight at once: two keep both cores busy on an idle 2-core machine (measured
    # 41.5 against 36.2 requests/s with one); under heavy load one did better.
    batch_workers: int = 2
    policy: Any = None  # the server's Policy (None: the shipped default); requests may only tighten it
    named_policies: tuple[Any, ...] = ()  # further Policies a request may choose by name
    allow_client_loosening: bool = False  # accept request policies looser than the server's
    max_json_depth: int = 32  # deeper nesting gets 400 before it is parsed
    header_timeout_s: float = 10.0  # a request's line and headers must arrive within this (408)
    body_timeout_s: float = 30.0  # and its body within this (408)


def check_bind(host: str, api_key: str | None, env_name: str = "CODEEVAL_API_KEY") -> None:
    """Refuse to expose an unauthenticated service beyond this machine."""
    if api_key:
        return
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise CodeevalError(
            f"refusing to bind {host} without an API key: set {env_name} (or name another variable with "
            f"--api-key-env), or bind 127.0.0.1"
        )


def _models():
    from pydantic import BaseModel, ConfigDict, Field

    class VetRequest(BaseModel):
        """Code to vet."""

        model_config = ConfigDict(extra="forbid", strict=True)
        code: str = Field(description="The code to vet, as text.")
        language: Literal["python", "bash", "javascript"] = Field("python", description="Language of the code.")
        run: bool = Field(False, description="Also execute the code in the sandbox and add its behaviours.")
        policy: dict[str, Any] | str | None = Field(
            None, description="The name of a policy the server offers, or a policy in the shape of the policy YAML "
                              "(keys left out keep the server's); it may only be stricter than the server's policy.",
        )

    return VetRequest


_REASON_SCHEMA = {
    "type": "object",
    "required": ["kind", "id", "effect", "why", "severity"],
    "properties": {
        "kind": {"type": "string", "enum": ["finding", "behaviour", "scan", "execution"]},
        "id": {"type": "string"},
        "effect": {"type": "string", "enum": ["allow", "warn", "block"]},
        "why": {"type": "string"},
        "severity": {"type": "string", "enum": ["info", "low", "medium", "high", "critical"]},
        "cwe": {"type": "array", "items": {"type": "string"}},
        "line": {"type": ["integer", "null"]},
        "category": {"type": ["string", "null"]},
        "evidence": {"type": "array"},
        "message": {"type": "string"},
    },
}
_VERDICT_SCHEMA = {
    "type": "object",
    "required": ["verdict", "reasons", "findings", "behaviours"],
    "properties": {
        "verdict": {"type": "string", "enum": ["allow", "warn", "block"]},
        "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
        "findings": {"type": "array", "items": {"type": "object"}},
        "behaviours": {"type": "array", "items": {"type": "object"}},
        "language": {"type": "string"},
        "parsed": {"type": "boolean"},
        "ran": {"type": "boolean"},
        "execution": {"type": ["object", "null"]},
        "policy": {"type": "string"},
        "policy_digest": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "string"}},
        "duration_s": {"type": "number"},
    },
}
_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "detail": {}},
}


def openapi_spec(config: ServiceConfig) -> dict[str, Any]:
    from codeeval.policy import policy_schema

    ref = "#/components/schemas/{model}"
    request_schema = _models().model_json_schema(ref_template=ref)
    # The request model takes any mapping and codeeval.policy's PolicyDocument validates it (so its errors
    # name the key at fault in one line); the spec states its shape from that same model.
    policy = policy_schema(ref_template=ref)
    defs = {**request_schema.pop("$defs", {}), **policy.pop("$defs", {})}
    request_schema["properties"]["policy"] = {
        "anyOf": [{"$ref": "#/components/schemas/Policy"}, {"type": "string"}, {"type": "null"}],
        "description": request_schema["properties"]["policy"].get("description", ""),
    }

    def error(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "codeeval vet", "version": __version__,
                 "description": "Vet code before it runs: allow, warn or block, with reasons."},
        "paths": {
            "/v1/vet": {
                "post": {
                    "operationId": "vet",
                    "summary": "Vet a piece of code",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VetRequest"}}}},
                    "responses": {
                        "200": {"description": "The verdict", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Verdict"}}}},
                        "400": error("The body is not a JSON object, is nested too deeply, or run was asked of a server that does not run code"),
                        "401": error("Missing or wrong API key"),
                        "403": error("The request's policy is looser than the server's"),
                        "408": error("The request body did not arrive within the server's deadline"),
                        "413": error("The body is larger than the server's limit"),
                        "422": error("The request or its policy is invalid"),
                        "503": error("Too many requests in flight, or a scanner or the sandbox is unavailable"),
                        "504": error("The request did not finish within the server's deadline"),
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "healthz",
                    "summary": "Liveness",
                    "security": [],
                    "responses": {"200": {"description": "The service is up", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}}},
                }
            },
        },
        "components": {
            "schemas": {**defs, "VetRequest": request_schema, "Verdict": _VERDICT_SCHEMA, "Policy": policy, "Reason": _REASON_SCHEMA, "Error": _ERROR_SCHEMA},
        },
    }
    if config.api_key:
        spec["components"]["securitySchemes"] = {"apiKey": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER}}
        spec["security"] = [{"apiKey": []}]
    return spec


class _Saturated(Exception):
    pass


def create_app(config: ServiceConfig | None = None, vetter: Any = None):
    """The ASGI application. `vetter`: share an existing Vetter (tests); default: one made at start-up."""
    import anyio
    from pydantic import ValidationError
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    config = config or ServiceConfig()
    VetRequest = _models()
    spec = openapi_spec(config)
    state: dict[str, Any] = {"vetter": vetter, "in_flight": 0, "tools": None, "peak_in_flight": 0}
    lock = threading.Lock()
    # One thread per slot: work submitted here always starts, so the slot it holds is always given back.
    workers = ThreadPoolExecutor(max_workers=config.max_concurrency, thread_name_prefix="codeeval-serve")
    server_policy = load_policy(config.policy)
    offered = {p.name: p for p in (server_policy, *config.named_policies)}

    def error(status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
        body: dict[str, Any] = {"error": message}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status, headers=headers)

    @asynccontextmanager
    async def lifespan(app):
        owned = state["vetter"] is None
        if owned:
            from codeeval.vet import Vetter

            # Loads Bandit's plugins now rather than on the first request.
            state["vetter"] = await anyio.to_thread.run_sync(lambda: Vetter(window_s=config.batch_window_s, workers=config.batch_workers))
        from codeeval.scanners import tool_versions

        state["tools"] = await anyio.to_thread.run_sync(tool_versions)
        yield
        workers.shutdown(wait=False, cancel_futures=True)
        if owned:
            state["vetter"].close()

    def authorised(request: Request) -> bool:
        if not config.api_key:
            return True
        given = request.headers.get(API_KEY_HEADER, "")
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), config.api_key.encode("utf-8"))

    async def read_body(request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > config.max_body_bytes:
            return None
        chunks, size = [], 0
        with anyio.fail_after(config.body_timeout_s):
            async for chunk in request.stream():
                size += len(chunk)
                if size > config.max_body_bytes:
                    return None
                chunks.append(chunk)
        return b"".join(chunks)

    def choose_policy(requested: Any) -> Any:
        """The policy for this request, or the error response that refuses it."""
        if requested is None:
            return server_policy
        if isinstance(requested, str):
            if requested not in offered:
                return error(422, f"unknown policy {requested!r} (this server offers: {', '.join(sorted(offered))})")
            return offered[requested]
        try:
            policy = parse_policy(requested, "<request>", base=server_policy)
        except CodeevalError as exc:
            return error(422, str(exc))
        loosened = loosenings(policy, server_policy)
        if loosened and not config.allow_client_loosening:
            return error(403, f"the request's policy is looser than the server's ({server_policy.name}): a client may only "
                              "tighten it, or name a policy the server offers", loosened)
        return policy

    async def vet_endpoint(request: Request) -> JSONResponse:
        if not authorised(request):
            return error(401, f"missing or wrong API key (send it in the {API_KEY_HEADER} header)",
                         headers={"WWW-Authenticate": API_KEY_HEADER})
        try:
            body = await read_body(request)
        except TimeoutError:
            return error(408, f"the request body did not arrive within {config.body_timeout_s:g} s")
        if body is None:
            return error(413, f"request body larger than {config.max_body_bytes} bytes")
        if json_depth(body) > config.max_json_depth:
            return error(400, f"the body is nested deeper than {config.max_json_depth} levels")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return error(400, "the body is not valid JSON")
        if not isinstance(data, dict):
            return error(400, "the body must be a JSON object")
        try:
            req = VetRequest.model_validate(data)
        except ValidationError as exc:
            detail = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors(include_url=False, include_context=False, include_input=False)]
            return error(422, "invalid request", detail)
        if req.run and not config.allow_run:
            return error(400, "this server does not run code (started with --no-run): send run: false")
        policy = choose_policy(req.policy)
        if isinstance(policy, JSONResponse):
            return policy
        with lock:
            if state["in_flight"] >= config.max_concurrency:
                return error(503, "too many requests in flight; retry shortly", headers={"Retry-After": "1"})
            state["in_flight"] += 1
            state["peak_in_flight"] = max(state["peak_in_flight"], state["in_flight"])
        deadline = time.monotonic() + config.timeout_s
        vetter = state["vetter"]

        def work():
            # The slot is given back when the work ends (its container removed), not when the answer is
            # sent: a request answered 504 still counts until then.
            try:
                return vetter.vet(req.code, req.language, run=req.run, policy=policy, deadline=deadline)
            finally:
                with lock:
                    state["in_flight"] -= 1

        future = asyncio.get_running_loop().run_in_executor(workers, work)
        future.add_done_callback(_retrieve)
        try:
            verdict = await asyncio.wait_for(asyncio.shield(future), config.timeout_s)
        except TimeoutError:
            return error(504, f"vetting did not finish within {config.timeout_s:g} s")
        except ToolError as exc:
            return error(503, str(exc))
        except CodeevalError as exc:
            return error(422, str(exc))
        return JSONResponse(verdict.to_dict())

    async def healthz(request: Request) -> JSONResponse:
        vetter = state["vetter"]
        return JSONResponse({"status": "ok", "version": __version__, "tools": state["tools"], "in_flight": state["in_flight"],
                             "peak_in_flight": state["peak_in_flight"], "policy": server_policy.name,
                             "policy_digest": server_policy.digest, "policies": sorted(offered),
                             "semgrep_batches": vetter.batches if vetter is not None else 0})

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(spec)

    async def not_allowed(request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 500)
        return error(status, str(getattr(exc, "detail", "")) or "error")

    from starlette.exceptions import HTTPException

    return Starlette(
        routes=[
            Route("/v1/vet", vet_endpoint, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: not_allowed},
    )


def _retrieve(future: Any) -> None:
    """Collect the outcome of work whose request was already answered (504), so no error goes unread."""
    if not future.cancelled():
        future.exception()


# Strings (with their escapes) and the brackets outside them: enough to measure nesting without parsing.
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, found in linear time without recursion
    (json.loads recurses, so 100,000 nested arrays would end in a RecursionError)."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def serve(config: ServiceConfig, *, host: str = "127.0.0.1", port: int = 8321, log_level: str = "info") -> None:
    """Run the service until interrupted (the CLI's `codeeval serve`)."""
    try:
        import uvicorn
    except ImportError:
        raise CodeevalError("codeeval serve needs the 'serve' extra: pip install 'codeeval[serve]'") from None
    check_bind(host, config.api_key)
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, timeout_keep_alive=5,
                timeout_graceful_shutdown=10, server_header=False, http=_deadline_protocol(config.header_timeout_s),
                h11_max_incomplete_event_size=16 * 1024)


def _deadline_protocol(header_timeout_s: float) -> Any:
    """uvicorn's h11 protocol with a deadline on receiving a request's line and headers. uvicorn has none
    (its keep-alive timer is reset by every byte), so a client trickling a byte at a time would hold a
    connection for ever; ASGI middleware cannot help, as it runs only once the headers are in."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderDeadlineProtocol(H11Protocol):
        _header_timer: Any = None
        _armed_for: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._header_timer is None and (self.cycle is None or self.cycle.response_complete):
                self._arm()  # the first bytes of the next request on a kept-alive connection
            super().data_received(data)
            if self._header_timer is not None and self.cycle is not self._armed_for:
                self._disarm()  # the headers are in: the request's own deadlines take over

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._armed_for = self.cycle
            self._header_timer = self.loop.call_later(header_timeout_s, self._expire)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _expire(self) -> None:
            self._header_timer = None
            if not self.transport.is_closing():
                self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                self.transport.close()

    return HeaderDeadlineProtocol
