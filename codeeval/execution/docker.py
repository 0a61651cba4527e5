"""One fresh, hardened Docker container per sample.

Lifecycle: create (labelled, hardened, stdin open) -> attach -> start (the supervisor, PID 1 of the
container, waits on stdin: execute_many does all this ahead of the sample's turn) -> send the job on stdin
and close it -> read the container's stdout up to the supervisor's result line, or until the host deadline
passes -> inspect -> kill and remove in a `finally`. The supervisor inside enforces the sample's deadline;
the host deadline (timeout + grace) is the backstop when the supervisor itself hangs. Every container
carries the run label and the owner's pid, so `codeeval sandbox clean` and the next start can remove what a
killed runner left behind, and stdin closes with the runner (StdinOnce), so a started container whose
runner died ends by itself.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import dataclasses
import io
import json
import os
import secrets
import signal
import socket
import struct
import tarfile
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from typing import Any, Self

from codeeval.errors import ToolError
from codeeval.execution import image as image_mod
from codeeval.execution import seccomp
from codeeval.execution.config import SandboxConfig
from codeeval.types import Behaviour, Event, ExecResult, Severity, TestOutcome

RESULT_MARK = b"CODEEVAL-RESULT "
# From this image version on, the supervisor writes the job's secret result_mark after RESULT_MARK; a line
# without it was written by the sample (it can reach the container's stdout through /proc/1/fd/1).
MARKED_RESULT_VERSION = 2
# From this image version on, the supervisor starts as root with a few capabilities, sets up the fake
# internet (netsink.py) and drops to uid 10001 before it reads the job; older supervisors would keep root.
FAKE_INTERNET_VERSION = 3
# What the supervisor needs before it drops them all: iptables and routes in its own network namespace, the
# resolver on :53 and the sink on :1, and switching to the sandbox user (SETPCAP empties the bounding set).
SETUP_CAPS = ("NET_ADMIN", "NET_BIND_SERVICE", "SETUID", "SETGID", "SETPCAP")
SUPERVISOR_CMD = ("python3", "-I", "/opt/codeeval/supervisor.py")
EXTENSIONS = {"python": ".py", "bash": ".sh"}
# The container's stdout carries the supervisor's one result line (with the capped trace); a sample that
# reaches the real stdout anyway can add more. The host keeps only this many trailing bytes.
HOST_READ_CAP = 128 * 1024 * 1024
HOSTNAME = "workstation"  # a developer machine's name, not a container id
HOLD_S = 30.0  # how long the supervisor waits for the host to copy artifacts out


@dataclass(frozen=True)
class ExecJob:
    """One sample to run: its files (relative paths under /work), which one to run, and how."""

    files: dict[str, bytes]
    entry: str
    language: str = "python"  # python | bash
    mode: str = "run"  # run | pytest
    key: str = ""  # caller's name for the sample (a path, "task/0"); echoed back, never interpreted
    timeout_s: float | None = None  # overrides the config's timeout for this sample
    collect: tuple[str, ...] = ()  # paths under /work to copy out after the run (regular files only)

    @classmethod
    def from_code(cls, code: str | bytes, language: str = "python", **kw: Any) -> ExecJob:
        if language not in EXTENSIONS:
            raise ToolError(f"cannot execute {language!r} code: supported languages are python and bash")
        entry = kw.pop("entry", None) or "sample" + EXTENSIONS[language]
        files = dict(kw.pop("files", None) or {})
        files[entry] = code.encode() if isinstance(code, str) else code
        return cls(files=files, entry=entry, language=language, **kw)


@dataclass(frozen=True)
class RunOutput:
    """What one run produced: the result record, artifacts copied out, and the supervisor's raw report."""

    result: ExecResult
    artifacts: dict[str, bytes] = field(default_factory=dict)
    artifacts_truncated: bool = False
    raw: dict[str, Any] | None = None
    honeytokens: Any = None  # the Honeytokens planted for this run


@dataclass
class _Prepared:
    job: ExecJob
    container_id: str
    honeytokens: Any  # Honeytokens planted in this container, or None
    timeout_s: float
    sock: Any = None  # the attach socket once the container is started (its stdin still open)
    secret: str = field(default_factory=lambda: secrets.token_hex(16))  # the result line's mark


# Every container any sandbox in this process created and has not removed yet: the last-resort cleanup
# at interpreter exit walks it.
_SANDBOXES: weakref.WeakSet[DockerSandbox] = weakref.WeakSet()


class DockerSandbox:
    """The Docker implementation of the sandbox protocol: `run(job) -> RunOutput`, `close()`."""

    name = "docker"
    command = SUPERVISOR_CMD  # what the container runs; it reads the job on stdin (tests swap in a hung one)

    def __init__(self, config: SandboxConfig | None = None, *, client: Any = None, pool_size: int = 16) -> None:
        self.config = config or SandboxConfig.from_env()
        self.client = client or image_mod.connect(max_pool_size=pool_size)
        attrs = image_mod.check_image(self.client, self.config.image)
        labels = (attrs.get("Config") or {}).get("Labels") or {}
        try:
            version = int(labels.get(image_mod.LABEL_VERSION) or 1)
        except ValueError:
            version = 1
        self.marked_results = version >= MARKED_RESULT_VERSION
        self.fake_internet = version >= FAKE_INTERNET_VERSION
        # One CA per sandbox: each container's sink signs leaf certificates with it (see tlsca.py).
        self.tls = _tls_material() if self.fake_internet else None
        if self.config.runtime:
            runtimes = self.client.info().get("Runtimes") or {}
            if self.config.runtime not in runtimes:
                raise ToolError(
                    f"container runtime {self.config.runtime!r} is not configured in the Docker daemon "
                    f"(it has: {', '.join(sorted(runtimes)) or 'none'}): install it and add it to "
                    f"/etc/docker/daemon.json, or unset CODEEVAL_SANDBOX_RUNTIME"
                )
        image_mod.reap_dead_runs(self.client)
        self.run_id = uuid.uuid4().hex[:12]
        self._live: set[str] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._host_config = self._make_host_config()
        _SANDBOXES.add(self)

    # -- lifecycle -----------------------------------------------------------------------------------------
    def run(self, job: ExecJob) -> RunOutput:
        prepared = self.create(job)
        try:
            return self.execute(prepared)
        finally:
            self.dispose(prepared)

    def create(self, job: ExecJob, *, start: bool = False) -> _Prepared:
        """Create the container for a job, and with `start` also start it: the supervisor then waits on
        stdin for the job, its start-up done. Both are the slow part that can overlap other runs; the
        sample's deadline only begins when execute() sends the job."""
        if self._closed:
            raise ToolError("sandbox is closed")
        tokens = _honeytokens() if self.config.honeytokens else None
        labels = {
            image_mod.LABEL_RUN: self.run_id,
            image_mod.LABEL_PID: str(os.getpid()),
            image_mod.LABEL_HOST: socket.gethostname(),
        }
        # Not under the lock: creations run in parallel. A create interrupted before its id comes back is
        # caught by the label sweep in close().
        api = self.client.api
        spec = api.create_container_config(
            self.config.image,
            command=list(self.command),
            # The fake-internet supervisor starts as root (with SETUP_CAPS only) and drops to 10001 itself.
            user="0:0" if self.fake_internet else "10001:10001",
            working_dir="/work",
            hostname=HOSTNAME,
            stdin_open=True,
            tty=False,
            # Isolation is network_mode "none" (host config). Not network_disabled as well: with it the daemon
            # writes no /etc/hosts, /etc/resolv.conf or /etc/hostname, and `localhost` itself went to DNS.
            labels=labels,
            environment={"HOME": "/home/sandbox", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"},
            host_config=self._host_config,
        )
        # Stdin closes when the attached client goes: if the runner dies (even by SIGKILL) while a started
        # container waits for its job, the supervisor reads EOF and the container ends instead of idling.
        # (The SDK's create_container has no parameter for it.)
        spec["StdinOnce"] = True
        cid = api.create_container_from_config(spec)["Id"]
        with self._lock:
            self._live.add(cid)
        if self._closed:  # closed while this create was in flight
            self.remove(cid)
            raise ToolError("sandbox is closed")
        timeout = float(job.timeout_s or self.config.timeout_s)
        prepared = _Prepared(job=job, container_id=cid, honeytokens=tokens, timeout_s=timeout)
        if start:
            try:
                self._start(prepared)
            except BaseException:
                with contextlib.suppress(Exception):
                    self.remove(cid)
                raise
        return prepared

    def _start(self, prepared: _Prepared) -> None:
        # Attach before start, so not a byte of the container's stdout is missed.
        sock = self.client.api.attach_socket(prepared.container_id, params={"stdin": 1, "stdout": 1, "stream": 1})
        try:
            self.client.api.start(prepared.container_id)
        except BaseException:
            sock.close()
            raise
        prepared.sock = sock

    def execute(self, prepared: _Prepared) -> RunOutput:
        """Start a created container, feed it the job, wait for the result; kills it but does not remove it."""
        cid = prepared.container_id
        job = prepared.job
        payload = json.dumps(self._job_document(prepared)).encode()
        started = time.monotonic()
        deadline = started
        host_timeout = False
        stream = b""
        if prepared.sock is None:
            self._start(prepared)
        sock, prepared.sock = prepared.sock, None
        raw_sock = _raw(sock)
        try:
            # The supervisor's own deadline is timeout_s; grace covers its start-up and reporting.
            deadline = time.monotonic() + prepared.timeout_s + self.config.grace_s
            try:
                # The deadline covers delivering the job too: a container that stops reading must not hold us.
                raw_sock.settimeout(max(0.1, deadline - time.monotonic()))
                raw_sock.sendall(payload)
                raw_sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the container is gone already (or the deadline passed): its exit status still tells why
            # The result line is the supervisor's last word: stop reading there rather than wait for the
            # container to exit (its teardown is ~0.1 s the slot need not be held for). Only the supervisor,
            # PID 1 and not dumpable, holds the container's stdout, so the first result line is its own
            # (the conformance suite tries forging one through every descriptor the sample can reach); the
            # secret mark of version-2 images makes that independent of who can write there.
            mark = self._mark(prepared)
            stream, host_timeout = _read_stdout(raw_sock, deadline, mark=mark, stop_at_result=True)
        finally:
            sock.close()
        raw = _parse_result(stream, mark)
        artifacts: dict[str, bytes] = {}
        artifacts_truncated = False
        if job.collect and not host_timeout:
            artifacts, artifacts_truncated = self._collect(cid, job.collect)
        if raw is not None and not job.collect and raw.get("signal") != signal.SIGKILL:
            # Reported in full, and nothing the OOM killer could have done: the record is complete.
            state = self.client.api.inspect_container(cid).get("State") or {}
        else:
            # Stream ended without a result, or a SIGKILL that may be the OOM killer's (the daemon records
            # OOMKilled when the container ends): wait for the exit unless the host has to kill it.
            state = self._final_state(cid, exited=not host_timeout and not job.collect)
        duration = time.monotonic() - started
        result = self._result(prepared, raw, state, host_timeout, duration, deadline_s=deadline - started)
        return RunOutput(
            result=result,
            artifacts=artifacts,
            artifacts_truncated=artifacts_truncated,
            raw=raw,
            honeytokens=prepared.honeytokens,
        )

    def dispose(self, prepared: _Prepared) -> None:
        """Remove a job's container whatever state it is in (started and idle, run, or never started)."""
        if prepared.sock is not None:
            with contextlib.suppress(Exception):
                prepared.sock.close()
            prepared.sock = None
        self.remove(prepared.container_id)

    def remove(self, cid: str) -> None:
        import docker.errors

        try:
            self.client.api.remove_container(cid, force=True)
        except docker.errors.NotFound:
            pass
        except docker.errors.APIError as exc:
            if "already in progress" not in str(exc):
                raise
        with self._lock:
            self._live.discard(cid)

    def close(self) -> None:
        """Kill and remove every container this sandbox created and still holds (interrupts, errors)."""
        self._closed = True
        with self._lock:
            live = list(self._live)
        # Best effort on the way out: a daemon error here must not hide the interrupt that got us here.
        for cid in live:
            with contextlib.suppress(Exception):
                self.remove(cid)
        # A create interrupted after the daemon made the container but before its id came back.
        with contextlib.suppress(Exception):
            for c in self.client.api.containers(all=True, filters={"label": f"{image_mod.LABEL_RUN}={self.run_id}"}):
                self.remove(c["Id"])

    def leftovers(self) -> list[str]:
        """Ids of containers of this sandbox's run that still exist (the conformance suite wants none)."""
        found = self.client.api.containers(all=True, filters={"label": f"{image_mod.LABEL_RUN}={self.run_id}"})
        return [c["Id"] for c in found]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pieces ----------------------------------------------------------------------------------------------
    def _make_host_config(self) -> Any:
        import docker.types

        c = self.config
        tmpfs_opts = f"rw,nosuid,nodev,size={c.tmpfs_size}"
        owned = f"{tmpfs_opts},uid=10001,gid=10001,mode=0700"
        kwargs: dict[str, Any] = {
            "network_mode": "none",
            "read_only": True,
            "tmpfs": {"/tmp": f"{tmpfs_opts},mode=1777", "/work": owned, "/home/sandbox": owned},
            "cap_drop": ["ALL"],
            **({"cap_add": list(SETUP_CAPS)} if self.fake_internet else {}),
            "security_opt": ["no-new-privileges", seccomp.security_opt()],
            "pids_limit": c.pids,
            "mem_limit": c.memory,
            "memswap_limit": c.memory,
            "nano_cpus": int(c.cpus * 1e9),
            "ulimits": [
                docker.types.Ulimit(name="nofile", soft=c.nofile, hard=c.nofile),
                docker.types.Ulimit(name="fsize", soft=c.fsize, hard=c.fsize),
                docker.types.Ulimit(name="core", soft=0, hard=0),
            ],
            # No docker-init: the supervisor is PID 1 and the init (subreaper, reaps every orphan). As PID 1
            # it gets no signal from inside the container it has no handler for, so the sample can neither
            # kill nor stop it (kill -1, kill -9 1), and, not dumpable, it keeps /proc/1/fd/1 (the stdout the
            # host reads) out of reach; under docker-init, a same-uid and dumpable tini, the sample had both.
            "init": False,
            "log_config": docker.types.LogConfig(type="json-file", config={"max-size": "1m", "max-file": "1"}),
            # Lets the non-root supervisor bind the resolver on :53 and the sink on :80/:443 in the
            # container's own network namespace; with network "none" that namespace holds only loopback.
            "sysctls": {"net.ipv4.ip_unprivileged_port_start": "0"},
            "dns": ["127.0.0.1"],
            # Where Debian's /etc/hosts puts the machine's own name, so servers on 0.0.0.0 answer it.
            "extra_hosts": {HOSTNAME: "127.0.1.1"},
            "auto_remove": False,
        }
        if c.runtime:
            kwargs["runtime"] = c.runtime
        return self.client.api.create_host_config(**kwargs)

    def _job_document(self, prepared: _Prepared) -> dict[str, Any]:
        job, c = prepared.job, self.config
        doc: dict[str, Any] = {
            "version": 1,
            "files": {path: base64.b64encode(data).decode() for path, data in job.files.items()},
            "entry": job.entry,
            "language": job.language,
            "mode": job.mode,
            "timeout_s": prepared.timeout_s,
            "trace": c.trace,
            "stdout_cap": c.stdout_cap,
            "stderr_cap": c.stderr_cap,
            "trace_cap": c.trace_cap,
            "honeytokens": prepared.honeytokens.to_job() if prepared.honeytokens is not None else {},
            "decoys": c.honeytokens,
            "result_mark": prepared.secret,
        }
        if self.tls is not None:
            doc["tls"] = self.tls
        if job.collect:
            doc["hold_s"] = HOLD_S
        return doc

    def _mark(self, prepared: _Prepared) -> bytes:
        """What starts the result line, newline included: inside the JSON of a result every newline is
        escaped, so the sample's own output that quotes the mark never matches."""
        return b"\n" + RESULT_MARK + (prepared.secret.encode() + b" " if self.marked_results else b"")

    def _kill(self, cid: str) -> None:
        import docker.errors

        try:
            self.client.api.kill(cid)
        except docker.errors.APIError:
            pass  # already exited: the usual case

    def _final_state(self, cid: str, *, exited: bool) -> dict[str, Any]:
        """The container's final State (exit code, OOMKilled). When its stdout ended it has exited, or is
        about to (the daemon records the exit a moment later): wait, don't kill, so the exit code is its
        own. Otherwise (host deadline, artifact hold) kill it first."""
        api = self.client.api
        state = api.inspect_container(cid).get("State") or {}
        if state.get("Running"):
            if not exited:
                self._kill(cid)
            with contextlib.suppress(Exception):  # a timeout here still leaves inspect to report
                api.wait(cid, timeout=5)
            state = api.inspect_container(cid).get("State") or {}
            if state.get("Running"):  # stdout closed but still running: it does not get to stay
                self._kill(cid)
        return state

    def _collect(self, cid: str, paths: tuple[str, ...]) -> tuple[dict[str, bytes], bool]:
        """Regular files under the given /work paths, copied out of the still-running container. Links,
        devices and anything else are skipped, never followed; the total is capped at config.artifact_cap.

        /work is a tmpfs that exists only in the container's mount namespace, where the archive API
        (get_archive, `docker cp`) cannot see it; so `tar` runs inside (it never dereferences links) and
        the host treats its output as untrusted: member types, names and sizes are checked here."""
        rels = []
        for rel in paths:
            norm = os.path.normpath(os.path.join("/work", rel))
            if norm.startswith("/work/"):  # only the work dir: "../etc/passwd" and absolute paths are dropped
                rels.append(os.path.relpath(norm, "/work"))
        if not rels:
            return {}, False
        api = self.client.api
        cap = self.config.artifact_cap
        # find selects regular files (-P: links are never followed) no larger than the cap, so one huge file
        # cannot crowd out the small ones; it reports each file it left out as a dot on stderr.
        # As the sandbox user, never the container's configured user: with the fake internet that is root
        # (with setup capabilities), which could not even enter the 0700 /work.
        exec_id = api.exec_create(
            cid, ["sh", "-c", _COLLECT_SCRIPT, "collect", str(cap), *("./" + r for r in rels)], stdout=True,
            stderr=True, user="10001:10001",
        )["Id"]
        limit = cap + 64 * 1024 + 1024 * 64  # headers and padding on top of the file bytes
        data = bytearray()
        skipped = 0
        cut = False
        for out, err in api.exec_start(exec_id, stream=True, demux=True):
            data += out or b""
            skipped += (err or b"").count(b".")
            if len(data) > limit:
                cut = True
                break
        files: dict[str, bytes] = {}
        budget = cap
        truncated = cut or skipped > 0
        try:
            with tarfile.open(fileobj=io.BytesIO(bytes(data)), mode="r:") as tar:
                for member in tar:
                    name = os.path.normpath(member.name)
                    if not member.isreg() or name.startswith(("/", "..")):
                        continue
                    if member.size > budget:
                        truncated = True
                        continue
                    f = tar.extractfile(member)
                    if f is not None:
                        files[name] = f.read()
                        budget -= member.size
        except (tarfile.TarError, EOFError):
            truncated = True  # an archive cut short at the cap: keep the members that were complete
        return files, truncated

    def _result(
        self,
        prepared: _Prepared,
        raw: dict[str, Any] | None,
        state: dict[str, Any],
        host_timeout: bool,
        duration: float,
        deadline_s: float,
    ) -> ExecResult:
        oom = bool(state.get("OOMKilled"))
        host_events: list[Event] = []
        if oom:
            host_events.append(Event(kind="oom_killed", detail={"memory": self.config.memory}, source="host"))
        if host_timeout:
            host_events.append(Event(kind="host_timeout", detail={"deadline_s": round(deadline_s, 2)}, source="host"))
        error = None
        if raw is None:
            code = state.get("ExitCode")
            host_events.append(Event(kind="supervisor_lost", detail={"exit_code": code}, source="host"))
            error = f"no result from the sandbox supervisor (container exit code {code}" + (
                ", killed at the host deadline)" if host_timeout else ")"
            )
            exit_code, sig = (None, code - 128) if isinstance(code, int) and code > 128 else (code, None)
            raw_for_events: dict[str, Any] = {}
        else:
            exit_code, sig = raw.get("exit_code"), raw.get("signal")
            raw_for_events = raw
            if raw.get("supervisor_error"):
                error = f"sandbox supervisor: {raw['supervisor_error']}"
        events = _parse_events(raw_for_events) + host_events
        info: dict[str, Any] = {"oom_killed": oom, "sources": tuple(_texts(prepared.job.files))}
        if raw is None:
            info.update(exit_code=exit_code, signal=sig, timed_out=host_timeout)
        behaviours = _classify(events, prepared.honeytokens, raw, **info)
        context = _classify_context(prepared.honeytokens, raw, info)
        tests = tuple(
            TestOutcome(name=t.get("name", ""), outcome=t.get("outcome", "error"), markers=tuple(t.get("markers", ())))
            for t in (raw or {}).get("tests") or ()
        )
        return ExecResult(
            exit_code=exit_code,
            signal=sig,
            timed_out=bool((raw or {}).get("timed_out")) or host_timeout,
            oom_killed=oom,
            # The host deadline is a hard ceiling: never report more than the time the run was allowed.
            duration_s=round(min(float((raw or {}).get("duration_s") or duration), deadline_s), 3),
            stdout=(raw or {}).get("stdout", ""),
            stderr=(raw or {}).get("stderr", ""),
            truncated=bool((raw or {}).get("stdout_truncated") or (raw or {}).get("stderr_truncated")),
            events=tuple(events),
            behaviours=tuple(behaviours),
            tests=tests,
            error=error,
            context=context,
        )


_COLLECT_SCRIPT = r"""
cd /work || exit 1
cap=$1; shift
find -P "$@" -type f -size +"$cap"c -printf . >&2 2>/dev/null
find -P "$@" -type f ! -size +"$cap"c -print0 2>/dev/null | tar --null --no-recursion -T - -cf - 2>/dev/null
"""


def _raw(sock: Any) -> socket.socket:
    """The plain socket under the SDK's attach wrapper (needed for a half-close that ends stdin)."""
    return getattr(sock, "_sock", sock)


def _read_stdout(sock: socket.socket, deadline: float, *, mark: bytes, stop_at_result: bool) -> tuple[bytes, bool]:
    """Demultiplex the attach stream until it ends (the container exited), a complete result line came
    (stop_at_result) or the deadline passes. Keeps the last HOST_READ_CAP bytes of stdout (the result line
    is written last); each byte is searched once, so a flood costs linear time. Returns (stdout, timed_out)."""
    buf = bytearray()
    out = bytearray(b"\n")  # the stream's start is a line start too
    searched = 0  # out[:searched] holds no start of a mark (and, once one is found, no newline after it)
    found: int | None = None  # where the result line's mark starts
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return bytes(out), True
        sock.settimeout(min(remaining, 5.0))
        try:
            chunk = sock.recv(1 << 16)
        except TimeoutError:
            continue
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        start = 0
        while len(buf) - start >= 8:
            stream_type, size = buf[start], struct.unpack(">I", bytes(buf[start + 4 : start + 8]))[0]
            if len(buf) - start < 8 + size:
                break
            if stream_type == 1:
                out += buf[start + 8 : start + 8 + size]
            start += 8 + size
        del buf[:start]
        if len(out) > HOST_READ_CAP:
            cut = len(out) - HOST_READ_CAP
            del out[:cut]
            searched = max(0, searched - cut)
            found = None if found is None or found < cut else found - cut
        if stop_at_result:
            if found is None:
                at = out.find(mark, max(0, searched - len(mark) + 1))
                if at >= 0:
                    # Nothing before the result line matters: whatever the sample pushed to the container's
                    # stdout ahead of it costs no memory here.
                    del out[:at]
                    found, searched = 0, len(mark)
                else:
                    del out[: max(0, len(out) - len(mark) + 1)]
                    searched = len(out)
                    continue
            if out.find(b"\n", searched) >= 0:
                break
            searched = len(out)
    return bytes(out), False


def _parse_result(stream: bytes, mark: bytes = b"\n" + RESULT_MARK) -> dict[str, Any] | None:
    at = stream.rfind(mark)
    if at < 0:
        return None
    line = stream[at + len(mark) :].split(b"\n", 1)[0]
    try:
        doc = json.loads(line.decode("utf-8", errors="replace"))
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _tls_material() -> dict[str, str] | None:
    from codeeval.execution import tlsca

    return tlsca.generate()


def _honeytokens() -> Any:
    """Fresh canaries for one sample (a codeeval.execution.honeytokens.Honeytokens), or None."""
    try:
        from codeeval.execution import honeytokens
    except ImportError:
        return None
    return honeytokens.generate()


def _parse_events(raw: dict[str, Any]) -> list[Event]:
    if not raw:
        return []
    try:
        from codeeval.execution import monitor
    except ImportError:
        return []
    parse = getattr(monitor, "parse_result", None) or getattr(monitor, "parse", None)
    return list(parse(raw)) if parse else []


# The supervisor's run details the classifier reads (the trace is kept as events on the result itself).
_CONTEXT_KEYS = ("exit_code", "signal", "timed_out", "duration_s", "cpu_s", "stdout_truncated", "stderr_truncated",
                 "fs", "decoys", "sink_ports", "dns_port", "root", "home", "network")


def _classify_context(tokens: Any, raw: dict[str, Any] | None, info: dict[str, Any]) -> dict[str, Any]:
    return {
        "honeytokens": dataclasses.asdict(tokens) if dataclasses.is_dataclass(tokens) else None,
        "raw": None if raw is None else {k: raw[k] for k in _CONTEXT_KEYS if k in raw},
        "info": {k: list(v) if isinstance(v, tuple) else v for k, v in info.items()},
    }


def reclassify(result: ExecResult) -> ExecResult:
    """The behaviours of a stored result again, from its events, with today's classifier: a rescore
    picks up classifier fixes without running the sample again."""
    ctx = result.context
    if not ctx:
        return result
    from codeeval.execution.honeytokens import Honeytokens

    tokens = None
    if ctx.get("honeytokens"):
        fields = dict(ctx["honeytokens"])
        fields["extra"] = tuple(fields.get("extra") or ())
        tokens = Honeytokens(**fields)
    raw = None if ctx.get("raw") is None else {**ctx["raw"], "stdout": result.stdout, "stderr": result.stderr}
    info = {k: tuple(v) if isinstance(v, list) else v for k, v in (ctx.get("info") or {}).items()}
    return dataclasses.replace(result, behaviours=tuple(_classify(list(result.events), tokens, raw, **info)))


def _classify(events: list[Event], tokens: Any, raw: dict[str, Any] | None, **info: Any) -> list[Behaviour]:
    """The monitor helper's classifier over every event, plus what only the host can tell (the
    supervisor lost, the OOM killer) where the classifier did not already report that behaviour."""
    host = _host_only_behaviours(events)
    try:
        from codeeval.execution import behaviours
    except ImportError:
        return host
    if not hasattr(behaviours, "classify") or not hasattr(behaviours, "RunInfo"):
        return host
    run_info = behaviours.RunInfo.from_result(raw or {}, **info)
    found = list(behaviours.classify(events, tokens, run_info))
    seen = {b.id for b in found}
    return found + [b for b in host if b.id not in seen]


def _texts(files: dict[str, bytes]) -> list[str]:
    return [data.decode("utf-8", errors="replace") for data in files.values()]


def _host_only_behaviours(events: list[Event]) -> list[Behaviour]:
    """Until the classifier exists: what the host alone can tell."""
    found = []
    for e in events:
        if e.kind == "oom_killed":
            found.append(Behaviour("resource.memory", Severity.MEDIUM, (e.to_dict(),), "killed by the OOM killer"))
        elif e.kind == "supervisor_lost":
            found.append(Behaviour("process.tamper", Severity.HIGH, (e.to_dict(),), "the supervisor was killed"))
    return found


def verdict(behaviours: tuple[Behaviour, ...] | list[Behaviour]) -> str:
    try:
        from codeeval.execution import behaviours as classifier
    except ImportError:
        classifier = None
    if classifier is not None and hasattr(classifier, "verdict"):
        return str(classifier.verdict(list(behaviours)))
    top = max((b.severity for b in behaviours), default=Severity.INFO)
    return "malicious" if top >= Severity.HIGH else "suspicious" if top == Severity.MEDIUM else "clean"


def close_all() -> None:
    """Remove every live container of every sandbox in this process (atexit, signal handlers)."""
    for sandbox in list(_SANDBOXES):
        sandbox.close()


atexit.register(close_all)
