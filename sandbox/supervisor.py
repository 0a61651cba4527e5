"""In-container supervisor: run one sample under strace and report what it did.

Runs as `python3 -I /opt/codeeval/supervisor.py` with the job (one JSON document) on stdin and writes
exactly one line, last, to its real stdout: `CODEEVAL-RESULT <json>` (shape in notes/SANDBOX.md, plus the
additive fields trace_dropped, decoys, survivors, fs, cpu_s, notes, root, home, dns_port, sink_ports, network,
udp, loopback (the last three and the sink/dns records' newer fields: netsink.py) and, when it happens,
tracer_killed). Standard library only: it runs on the image's Debian python3.

Parts: this file (job, trace, outputs, teardown, result), netsink.py (the fake internet), machine.py (the
planted home, honeytokens and decoy services), side by side in /opt/codeeval.

Privileges. In the container we start as root (PID 1) with only NET_ADMIN, NET_BIND_SERVICE, SETUID, SETGID
and SETPCAP, under no-new-privileges. Before reading the job we configure the network namespace (every
address local, every connection redirected to the sink: netsink.configure_namespace) and bind the sink's
sockets, then drop every capability from the bounding set and become uid/gid 10001 with no supplementary
groups. The sample never holds a capability, and none can come back across exec (empty bounding set,
no-new-privileges). Anywhere else (the host test harness) we start unprivileged and the sink listens on
fixed loopback ports instead.

Trust model. After the drop the sample runs as the same uid as this supervisor. What keeps the sample from
tampering with us:
- PR_SET_DUMPABLE=0 once strace has opened the trace pipe: the sample cannot ptrace us or open /proc/<us>/fd/*.
- The trace streams into a pipe only we hold the read end of; strace opens the write end through
  /proc/<us>/fd/<n>, so the sample never inherits a descriptor on it.
- Run as PID 1 of the container (docker `init=False`), signals from inside the namespace without a handler
  never reach us, so `kill -1` and `kill -9 <us>` from the sample are harmless, and when we exit the kernel
  kills whatever is left. Under docker-init we are an ordinary same-uid process and a `kill -1` kills us
  too (measured: no result line, container exit 143): the host then reports from what it has.
- We are a child subreaper, so daemonised (double-forked) sample processes re-parent to us and are reaped.
- At the end every process of our uid except PID 1 is killed, but only where that set is the sample's: as
  PID 1 or docker-init's child (or when the job says kill_all). Anywhere else only our own descendants are
  killed, and as root we refuse to run at all: on a shared machine, same uid does not mean same sandbox.
Residual risks, all from sharing a uid with the sample: it can kill or stop strace (the trace ends there;
we report tracer_killed), write forged lines into strace's output through /proc/<strace>/fd (strace stays
dumpable), and forge or drop audit records (enrichment only). The sample's outputs go to pipes we read and
cap, and it runs to its deadline even if it closes them.
"""

from __future__ import annotations

import base64
import ctypes
import errno
import json
import os
import pwd
import re
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves our own directory off the path
import machine
import netsink

VERSION = 1
RESULT_PREFIX = "CODEEVAL-RESULT "

DEFAULT_SINK_PORTS = netsink.LEGACY_PORTS
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_CHILD_SUBREAPER = 36
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
SANDBOX_UID = SANDBOX_GID = 10001  # the image's `sandbox` user; the host passes the same ids for old images

# Syscalls worth a ptrace stop. Kept away from read/write/ioctl/rt_sig* so output floods and normal
# Python start-up stay cheap under --seccomp-bpf; %file keeps stat() because probing a path is evidence.
# close/pipe/dup are traced only so the monitor knows which descriptors are sockets (reverse shells).
TRACE_SET = ",".join(
    ["%process", "%network", "%file"]
    + [
        "?" + name  # `?`: names missing on this architecture (dup2, pipe on arm64) are skipped, not fatal
        for name in (
            "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid",
            "setgroups", "capset", "close", "close_range", "pipe", "pipe2", "fchdir", "nanosleep", "clock_nanosleep",
            "dup", "dup2", "dup3", "mmap", "mremap", "ptrace", "prctl", "setsid", "setpgid",
            "kill", "tkill", "tgkill", "pidfd_open", "pidfd_send_signal", "process_vm_readv", "process_vm_writev",
            "unshare", "setns", "keyctl", "add_key", "request_key", "memfd_create", "ftruncate", "fallocate",
            "mount", "umount2", "bpf", "init_module", "finit_module", "chroot", "personality",
        )
    ]
)
STRACE_ARGS = ("-f", "-q", "-tt", "-s", "256", "--seccomp-bpf")

# Once the trace cap is hit, only lines that can carry evidence are kept (up to EXTRA_TRACE_CAP more), so
# flooding the trace with harmless syscalls cannot push the interesting ones out.
KEEP_AFTER_CAP = re.compile(
    rb"\+\+\+|---|exec|connect|sendto|sendmsg|bind\(|kill\(|unlink|rename|rmdir|set[ug]id|setres|setre|ptrace|"
    rb"mount|unshare|setns|keyctl|chmod|chown|clone|fork|dup[23]?\(|memfd|setsid|shadow|environ|\.ssh|\.aws|"
    rb"\.env|docker|sysrq|cgroup|bashrc|profile|cron|systemd|autostart|truncate|EAGAIN|ENOMEM|ENOSPC|EFBIG"
)
EXTRA_TRACE_CAP = 50_000

MAX_AUDIT = 5000
MAX_LINE = 64 * 1024  # longest trace or audit line kept


def main() -> int:
    # Hostile samples must never run as root outside a container: a sample's `kill -9 -1` as root on a
    # shared machine kills every process on it (this happened while developing the hostile corpus).
    if os.geteuid() == 0 and os.getpid() != 1 and os.environ.get("CODEEVAL_SUPERVISOR_ALLOW_ROOT") != "1":
        sys.stdout.write('CODEEVAL-RESULT {"version": 1, "supervisor_error": "refusing to run a sample as root"}\n')
        return 2
    net: dict = {}
    if os.geteuid() == 0 and os.getpid() == 1:
        try:
            net = become_sandbox_user()
        except Exception as exc:  # noqa: BLE001 - whatever failed, the sample must not run with privileges
            sys.stdout.write("\nCODEEVAL-RESULT " + json.dumps(
                {"version": 1, "supervisor_error": f"could not drop privileges: {type(exc).__name__}: {exc}"}) + "\n")
            return 2
    # As PID 1 only signals we handle reach us from inside the container, and Python handles SIGINT
    # (KeyboardInterrupt): a sample's `kill -INT 1` would end the run without a result. A no-op handler
    # keeps it harmless and, unlike SIG_IGN, is not inherited across exec by the sample.
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    started = time.monotonic()
    result: dict = {
        "version": VERSION, "exit_code": None, "signal": None, "timed_out": False, "duration_s": 0.0,
        "stdout": "", "stderr": "", "stdout_truncated": False, "stderr_truncated": False,
        "trace": [], "trace_truncated": False, "trace_dropped": 0, "audit": [], "dns": [], "sink": [],
        "tests": [], "decoys": [], "survivors": [], "fs": {}, "notes": [], "supervisor_error": None,
    }
    sup = None
    job: dict = {}
    try:
        job = json.loads(sys.stdin.buffer.read(64 * 1024 * 1024) or b"{}")
        sup = Supervisor(job, result, net)
        sup.run()
    except BaseException as exc:  # noqa: BLE001 - the result line must come out whatever happens
        result["supervisor_error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if sup is not None:
            sup.cleanup()
    if not result["duration_s"]:
        result["duration_s"] = round(time.monotonic() - started, 4)
    # The host's per-run secret after the prefix: a line the sample forged cannot carry it (the sample
    # never sees the job, which is read before it starts). At the start of a line, as the host expects.
    mark = job.get("result_mark") if isinstance(job, dict) else None
    mark = f"{mark} " if isinstance(mark, str) and mark.isalnum() else ""
    line = "\n" + RESULT_PREFIX + mark + json.dumps(result, separators=(",", ":"), ensure_ascii=False) + "\n"
    data = line.encode("utf-8", "replace")
    while data:
        data = data[os.write(1, data):]
    # Artifacts: the host copies files out of /work with `docker exec tar` while we wait, then kills us.
    hold = job.get("hold_s") if isinstance(job, dict) else None
    if hold:
        time.sleep(min(float(hold), 600.0))
    return 0


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def prctl(option: int, arg) -> bool:
    libc = _libc()
    if libc is None:
        return False
    return libc.prctl(option, arg, 0, 0, 0) == 0


def note(result: dict, text: str) -> None:
    result["notes"].append(text)
    if result["supervisor_error"] is None and text.startswith("error:"):
        result["supervisor_error"] = text[len("error: "):]


def become_sandbox_user() -> dict:
    """As root PID 1: set up the fake internet's namespace, then drop to the sandbox user for good.
    Returns the sockets bound while privileged ({} when the namespace could not be configured: the sink
    then falls back to loopback ports) and the reason it could not."""
    error = netsink.configure_namespace()
    socks = netsink.bind_sockets() if error is None else None
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            if ctypes.get_errno() == errno.EINVAL:
                break  # past the kernel's last capability
            raise OSError(ctypes.get_errno(), f"cannot drop capability {cap} from the bounding set")
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    os.setgroups([])
    os.setresgid(SANDBOX_GID, SANDBOX_GID, SANDBOX_GID)
    os.setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)  # clears the permitted and effective sets
    caps = proc_status_caps()
    if os.geteuid() == 0 or any(caps.get(k) for k in ("CapPrm", "CapEff", "CapBnd", "CapAmb", "CapInh")):
        raise OSError(f"capabilities left after the drop: {caps}")
    # Changing uid made us non-dumpable; strace (the sample's uid) opens the trace pipe via /proc/<us>/fd.
    prctl(PR_SET_DUMPABLE, 1)
    return {"socks": socks, "error": error}


def proc_status_caps(pid: str = "self") -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("Cap"):
                name, _, value = line.partition(":")
                out[name] = int(value.strip(), 16)
    return out


class Supervisor:
    def __init__(self, job: dict, result: dict, net: dict | None = None) -> None:
        self.job = job
        self.result = result
        self.net = net or {}
        self.uid = os.getuid()

        self.root = os.path.abspath(job.get("root") or "/work")
        self.home = os.path.abspath(job.get("home") or os.environ.get("HOME") or pwd.getpwuid(self.uid).pw_dir)
        self.timeout = float(job.get("timeout_s", 10.0))
        self.trace_on = bool(job.get("trace", True))
        self.caps = {
            "stdout": int(job.get("stdout_cap", 1 << 20)),
            "stderr": int(job.get("stderr_cap", 1 << 20)),
        }
        self.trace_cap = int(job.get("trace_cap", 200_000))
        self.private = tempfile.mkdtemp(prefix="codeeval-sup-")
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.fake: netsink.FakeInternet | None = None
        self.decoy_pids: list[int] = []
        self.child: subprocess.Popen | None = None
        self.strace_pid: int | None = None
        self.root_pid: int | None = None
        self.root_exit: tuple[int | None, int | None] | None = None  # (exit_code, signal) of the sample

    # ---------------------------------------------------------------- setup
    def run(self) -> None:
        prctl(PR_SET_CHILD_SUBREAPER, 1)
        if not self.trace_on:
            prctl(PR_SET_DUMPABLE, 0)
        self.write_files()
        machine.plant_home(self.home, self.root, self.job.get("honeytokens") or {}, lambda t: note(self.result, t))
        if self.job.get("decoys", True):
            names = self.job.get("decoy_names") or machine.DEFAULT_DECOYS
            self.result["decoys"] = machine.start_decoys(names, self.private)
            self.decoy_pids = [d["pid"] for d in self.result["decoys"]]
        self.start_network()
        self.result["root"], self.result["home"] = self.root, self.home
        self.execute()

    def safe_path(self, rel: str) -> str:
        path = os.path.normpath(os.path.join(self.root, rel))
        if os.path.isabs(rel) or not path.startswith(self.root + os.sep):
            raise ValueError(f"job file path {rel!r} escapes the work dir")
        return path

    def write_files(self) -> None:
        os.makedirs(self.root, exist_ok=True)
        for rel, content in (self.job.get("files") or {}).items():
            path = self.safe_path(rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(base64.b64decode(content))

    # -------------------------------------------------------------- network
    def start_network(self) -> None:
        socks = self.net.get("socks")
        redirect = socks is not None
        if self.net.get("error"):
            note(self.result, f"fake internet unavailable, loopback sink only: {self.net['error']}")
        if not redirect:
            ports = self.job.get("sink_ports")
            socks = netsink.bind_sockets(DEFAULT_SINK_PORTS if ports is None else ports,
                                         int(self.job.get("dns_port", netsink.DNS_PORT)))
        for text in socks.pop("errors", []):
            note(self.result, text)
        tls = self.job.get("tls") if isinstance(self.job.get("tls"), dict) else None
        self.fake = netsink.FakeInternet(socks, self.result, self.lock, redirect=redirect, tls=tls,
                                         workdir=self.private)
        # Redirect: every port of every address reaches the sink, so no loopback port is special.
        self.result["sink_ports"] = [] if redirect else [s.getsockname()[1] for s in socks["tcp"]]
        if socks.get("dns") is not None:
            self.result["dns_port"] = socks["dns"].getsockname()[1]
        self.result["network"] = {
            "mode": "redirect" if redirect else "loopback",
            "tcp_port": netsink.SINK_PORT if redirect else None,
            "fake_net": str(netsink.FAKE_NET) if redirect else "127.0.0.1/32",
            "tls": tls is not None,
        }
        if self.fake.tls is not None:  # wget (GnuTLS) reads no environment variable for its CA bundle
            try:
                with open(os.path.join(self.home, ".wgetrc"), "w") as fh:
                    fh.write(f"ca_certificate = {self.fake.tls.ca}\n")
            except OSError as exc:
                note(self.result, f"~/.wgetrc not written: {exc}")
        self.fake.start()

    # ------------------------------------------------------------- execute
    def command(self) -> list[str]:
        entry = self.safe_path(self.job.get("entry") or "sample.py")
        language = self.job.get("language", "python")
        mode = self.job.get("mode", "run")
        python = self.job.get("python") or "/usr/bin/python3"
        if mode == "pytest":
            return [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "codeeval_pytest_report", entry]
        if language == "bash":
            return [self.job.get("bash") or "/bin/bash", entry]
        return [python, entry]

    def environment(self, audit_fd: int | None) -> dict[str, str]:
        tokens = self.job.get("honeytokens") or {}
        env = {
            "PATH": "/opt/codeeval/bin:/usr/local/bin:/usr/bin:/bin",
            "HOME": self.home,
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
            # A developer's pip installs where told to; Debian's refuses system-wide installs before it even
            # reaches the network, so an "install from this index" sample would show nothing.
            "PIP_BREAK_SYSTEM_PACKAGES": "1",
            "PWD": self.root,
        }
        paths = [os.path.dirname(os.path.abspath(__file__))]  # sitecustomize.py lives beside us
        if self.job.get("mode") == "pytest":
            paths.insert(0, self.write_pytest_plugin())
            env["CODEEVAL_PYTEST_REPORT"] = os.path.join(self.private, "tests.jsonl")
        env["PYTHONPATH"] = os.pathsep.join(paths)
        if self.fake is not None and self.fake.tls is not None:
            # The per-run CA the sink's certificates chain to: Python's ssl, OpenSSL, requests and curl.
            for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
                env[name] = self.fake.tls.ca
        if audit_fd is not None:
            env["CODEEVAL_AUDIT_FD"] = str(audit_fd)
        if tokens.get("env_api_key"):
            env[tokens.get("env_name") or "OPENAI_API_KEY"] = tokens["env_api_key"]
        return env

    def write_pytest_plugin(self) -> str:
        plugin_dir = os.path.join(self.private, "plugin")
        os.makedirs(plugin_dir, exist_ok=True)
        with open(os.path.join(plugin_dir, "codeeval_pytest_report.py"), "w") as fh:
            fh.write(PYTEST_PLUGIN)
        return plugin_dir

    def execute(self) -> None:
        cmd = self.command()
        trace_r = trace_w = None
        if self.trace_on:
            strace = shutil.which("strace")
            if strace is None:
                note(self.result, "error: strace not found; ran without tracing")
                self.trace_on = False
                prctl(PR_SET_DUMPABLE, 0)
            else:
                trace_r, trace_w = os.pipe()
                cmd = [strace, *STRACE_ARGS, "-e", "trace=" + TRACE_SET,
                       "-o", f"/proc/{os.getpid()}/fd/{trace_w}", "--", *cmd]
        audit_r, audit_w = os.pipe()
        os.set_inheritable(audit_w, True)
        env = self.environment(audit_w)
        limits = self.job.get("rlimits") or {}
        saved = self.lower_limits(limits)
        # The OOM killer should take the sample, not us: the child inherits the score we hold while forking
        # it. Raising one's own score needs no privilege, and going back down to 0 is allowed too.
        oom = set_oom_score_adj(1000)
        deadline_start = time.monotonic()
        try:
            self.child = subprocess.Popen(
                cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, pass_fds=(audit_w,), start_new_session=True,
            )
        finally:
            if oom is not None:
                set_oom_score_adj(oom)
            self.restore_limits(saved)
            os.close(audit_w)
        if self.trace_on:
            self.strace_pid = self.child.pid
        else:
            self.root_pid = self.child.pid
        self.pump(trace_r, trace_w, audit_r, deadline_start + self.timeout)
        self.result["duration_s"] = round(time.monotonic() - deadline_start, 4)
        if self.trace_on and not self.result["trace"] and self.result["stderr"].startswith("strace: "):
            # strace could not start (ptrace refused by a runtime or a seccomp profile): the sample never
            # ran. Say why, and run it once more untraced so the run still has outputs and an exit status.
            reason = self.result["stderr"].splitlines()[0][:300]
            note(self.result, f"error: tracing unavailable, ran untraced: {reason}")
            for key in ("stdout", "stderr"):
                self.result[key] = ""
                self.result[f"{key}_truncated"] = False
            self.trace_on = False
            self.strace_pid = self.root_pid = None
            self.root_exit = None
            prctl(PR_SET_DUMPABLE, 0)
            self.execute()

    def lower_limits(self, limits: dict) -> list:
        """Apply soft limits to ourselves just for the spawn (the child inherits them), then restore."""
        names = {"nproc": resource.RLIMIT_NPROC, "nofile": resource.RLIMIT_NOFILE, "fsize": resource.RLIMIT_FSIZE,
                 "as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "core": resource.RLIMIT_CORE}
        saved = []
        for name, value in limits.items():
            res = names.get(name)
            if res is None:
                continue
            soft, hard = resource.getrlimit(res)
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            try:
                resource.setrlimit(res, (value, hard))
                saved.append((res, soft, hard))
            except (ValueError, OSError) as exc:
                note(self.result, f"rlimit {name} not applied: {exc}")
        return saved

    @staticmethod
    def restore_limits(saved: list) -> None:
        for res, soft, hard in saved:
            try:
                resource.setrlimit(res, (soft, hard))
            except (ValueError, OSError):
                pass

    def pump(self, trace_r, trace_w, audit_r, deadline: float) -> None:
        """Read outputs, trace and audit until the sample is done or the deadline passes."""
        assert self.child is not None
        sel = selectors.DefaultSelector()
        bufs = {"stdout": bytearray(), "stderr": bytearray()}
        partial = {"trace": b"", "audit": b""}
        streams = {self.child.stdout.fileno(): "stdout", self.child.stderr.fileno(): "stderr", audit_r: "audit"}
        if trace_r is not None:
            streams[trace_r] = "trace"
        for fd, name in streams.items():
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ, name)
        open_fds = set(streams)
        self.trace_kept = 0
        self.extra_kept = 0
        done_at: float | None = None  # when the sample's main process ended
        linger = float(self.job.get("linger_s", 0.5))
        while True:  # not `while open_fds`: a sample that closes its stdio must still run to its deadline
            now = time.monotonic()
            if done_at is None and now >= deadline:
                self.result["timed_out"] = True
                break
            if done_at is not None and (not open_fds or now - done_at > linger):
                break  # stragglers after the main process exited: recorded as survivors, then killed
            for key, _ in sel.select(0.05):
                fd, name = key.fd, key.data
                try:
                    data = os.read(fd, 1 << 16)
                except BlockingIOError:
                    continue
                if name == "trace" and trace_w is not None:
                    os.close(trace_w)  # strace has its own descriptor on the pipe now
                    trace_w = None
                    prctl(PR_SET_DUMPABLE, 0)
                if not data:
                    sel.unregister(fd)
                    open_fds.discard(fd)
                    continue
                if name in bufs:
                    self.take_output(name, bufs[name], data)
                else:
                    lines = (partial[name] + data).split(b"\n")
                    partial[name] = lines.pop()[-MAX_LINE:]  # a writer that never ends its line gets no memory
                    if name == "trace":
                        self.take_trace(lines)
                    else:
                        self.take_audit(lines)
            if done_at is None and self.sample_finished():
                done_at = time.monotonic()
        if trace_w is not None:
            os.close(trace_w)
            prctl(PR_SET_DUMPABLE, 0)
        self.result["survivors"] = [] if self.result["timed_out"] else self.stragglers()
        alive_cpu = self.sample_cpu_seconds()
        self.kill_sample_processes()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Timed out: what the live processes burned (were they spinning or sleeping?). Otherwise: every
        # reaped process, strace's own overhead included.
        self.result["cpu_s"] = round(alive_cpu if self.result["timed_out"] else usage.ru_utime + usage.ru_stime, 3)
        # Collect what is still buffered now that every writer is gone (strace flushes on its exit).
        end = time.monotonic() + 2.0
        while open_fds and time.monotonic() < end:
            for key, _ in sel.select(0.05):
                try:
                    data = os.read(key.fd, 1 << 16)
                except BlockingIOError:
                    continue
                if not data:
                    sel.unregister(key.fd)
                    open_fds.discard(key.fd)
                elif key.data in bufs:
                    self.take_output(key.data, bufs[key.data], data)
                else:
                    lines = (partial[key.data] + data).split(b"\n")
                    partial[key.data] = lines.pop()[-MAX_LINE:]
                    (self.take_trace if key.data == "trace" else self.take_audit)(lines)
        for name in ("trace", "audit"):
            if partial[name]:
                (self.take_trace if name == "trace" else self.take_audit)([partial[name]])
        sel.close()
        for name, buf in bufs.items():
            self.result[name] = buf.decode("utf-8", "replace")
        self.finish_status()

    def take_output(self, name: str, buf: bytearray, data: bytes) -> None:
        room = self.caps[name] - len(buf)
        if room > 0:
            buf += data[:room]
        if len(data) > max(room, 0):
            self.result[f"{name}_truncated"] = True  # keep draining so the sample is not blocked

    def take_trace(self, lines: list[bytes]) -> None:
        out = self.result["trace"]
        for raw in lines:
            if not raw:
                continue
            if self.root_pid is None:
                head = raw.split(b" ", 1)[0]
                if head.isdigit():
                    self.root_pid = int(head)
            if self.root_exit is None and b"+++ " in raw and raw.startswith(b"%d " % (self.root_pid or -1)):
                m = re.search(rb"\+\+\+ (exited with (\d+)|killed by (SIG\w+))", raw)
                if m:
                    sig = getattr(signal, m.group(3).decode(), None) if m.group(3) else None
                    self.root_exit = (int(m.group(2)) if m.group(2) else None, int(sig) if sig else None)
            if self.trace_kept < self.trace_cap:
                self.trace_kept += 1
            elif self.extra_kept < EXTRA_TRACE_CAP and KEEP_AFTER_CAP.search(raw):
                self.extra_kept += 1
                self.result["trace_truncated"] = True
            else:
                self.result["trace_truncated"] = True
                self.result["trace_dropped"] += 1
                continue
            out.append(raw.decode("utf-8", "replace"))

    def take_audit(self, lines: list[bytes]) -> None:
        audit = self.result["audit"]
        for raw in lines:
            if len(audit) >= MAX_AUDIT:
                self.result["audit_truncated"] = True
                return
            try:
                rec = json.loads(raw)
            except ValueError:
                continue
            if isinstance(rec, dict):
                audit.append(rec)

    def sample_finished(self) -> bool:
        assert self.child is not None
        if self.trace_on:
            return self.root_exit is not None or self.child.poll() is not None
        return self.child.poll() is not None

    def stragglers(self) -> list[dict]:
        """Processes of the sample still alive after its main process ended (daemons, background jobs)."""
        skip = {os.getpid(), self.strace_pid, *self.decoy_pids}
        out = []
        for pid in self.candidates():
            if pid in skip or pid == self.root_pid:
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    cmdline = fh.read(512).replace(b"\0", b" ").decode("utf-8", "replace").strip()
            except OSError:
                continue
            out.append({"pid": pid, "cmdline": cmdline})
        return out[:50]

    def sample_cpu_seconds(self) -> float:
        skip = {os.getpid(), self.strace_pid, *self.decoy_pids}
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.candidates():
            if pid in skip:
                continue
            try:
                with open(f"/proc/{pid}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / ticks
            except (OSError, ValueError, IndexError):
                continue
        return total

    # ------------------------------------------------------------- teardown
    def kill_sample_processes(self) -> None:
        """Kill everything the sample may have left, letting strace live a moment longer so it flushes."""
        spare = {self.strace_pid} if self.strace_pid else set()
        for _ in range(20):
            victims = [p for p in self.candidates() if p not in spare]
            if not victims:
                break
            for pid in victims:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            reap()
            time.sleep(0.01)
        if self.child is not None:
            try:
                self.child.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                self.child.kill()
                try:
                    self.child.wait(timeout=2.0)
                except subprocess.TimeoutExpired:
                    note(self.result, "error: the sample's process did not die")
        if self.may_kill_all():
            for _ in range(10):
                try:
                    os.kill(-1, signal.SIGKILL)  # everything of our uid but us and PID 1
                except ProcessLookupError:
                    break
                except OSError:
                    break
                reap()
                time.sleep(0.01)
        for pid in self.candidates():  # whatever is left of our own tree
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap()

    def candidates(self) -> list[int]:
        """Processes that may belong to the sample. Inside the sandbox (may_kill_all) that is every process
        of our uid, wherever it re-parented; anywhere else only our own descendants (as a subreaper, orphans
        of the sample re-parent to us), never other processes that happen to share our uid."""
        me = os.getpid()
        if self.may_kill_all():
            skip = ancestors() | {me, 1}  # PID 1 is us or docker-init: never the sample's
            return [p for p in same_uid_pids(self.uid) if p not in skip]
        return descendants(me)

    def may_kill_all(self) -> bool:
        """kill(-1) is right inside the container, where every process of our uid is the sample's: we are
        PID 1 or the child of docker-init. Elsewhere only when the job asks, and never as root."""
        if self.uid == 0:
            return False
        flag = self.job.get("kill_all")
        if flag is not None:
            return bool(flag)
        return os.getpid() == 1 or os.getppid() == 1

    def finish_status(self) -> None:
        assert self.child is not None
        rc = self.child.returncode
        if self.result["timed_out"]:
            self.result["exit_code"], self.result["signal"] = None, int(signal.SIGKILL)
        elif self.trace_on and self.root_exit is not None:
            self.result["exit_code"], self.result["signal"] = self.root_exit
        elif self.trace_on and rc is not None and rc < 0:
            # strace died before the sample's main process: the sample signalled it (kill -1, pkill strace).
            # The trace stops there; say so, since what followed went unseen.
            self.result["tracer_killed"] = -rc
            note(self.result, f"strace was killed by signal {-rc}; events after that point are missing")
            self.result["exit_code"], self.result["signal"] = None, -rc
        elif rc is not None:
            self.result["exit_code"], self.result["signal"] = (rc, None) if rc >= 0 else (None, -rc)
        if self.job.get("mode") == "pytest":
            self.result["tests"] = read_tests(os.path.join(self.private, "tests.jsonl"))
        self.result["fs"] = disk_usage([self.root, "/tmp" if not self.job.get("tmp") else self.job["tmp"]])

    def cleanup(self) -> None:
        self.stop.set()
        if self.fake is not None:
            self.fake.stop()
        for pid in self.decoy_pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap()
        shutil.rmtree(self.private, ignore_errors=True)


# ------------------------------------------------------------------ helpers
def set_oom_score_adj(value: int) -> int | None:
    """Set our OOM score adjustment; returns the previous value, or None when it could not be changed."""
    try:
        with open("/proc/self/oom_score_adj", "r+") as fh:
            previous = int(fh.read().strip() or 0)
            fh.seek(0)
            fh.write(str(value))
        return previous
    except (OSError, ValueError):
        return None


def same_uid_pids(uid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        if proc_uid(int(name)) == uid:
            out.append(int(name))
    return out


def proc_uid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Uid:"):
                    return int(line.split()[1])
                if line.startswith(b"State:") and b"Z" in line.split()[1:2][0]:
                    return None  # zombie: nothing to kill, only to reap
    except (OSError, ValueError, IndexError):
        return None
    return None


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != b"Z":
            children.setdefault(int(fields[1]), []).append(int(name))
    out, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def ancestors() -> set[int]:
    out, pid = set(), os.getppid()
    while pid > 1 and pid not in out:
        out.add(pid)
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                pid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return out


def reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def read_tests(path: str) -> list[dict]:
    tests: dict[str, dict] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                prev = tests.get(rec.get("name"))
                # setup/call/teardown each report; the worst phase decides (error beats failed beats passed).
                if prev is None or RANK.get(rec.get("outcome"), 0) > RANK.get(prev["outcome"], 0):
                    tests[rec["name"]] = {"name": rec["name"], "outcome": rec["outcome"],
                                          "markers": rec.get("markers", [])}
    except OSError:
        return []
    return list(tests.values())


RANK = {"passed": 1, "skipped": 2, "failed": 3, "error": 4}


def disk_usage(dirs: list[str]) -> dict:
    """Bytes and files the sample left behind, and the largest file: evidence for resource.disk."""
    out: dict = {}
    for top in dirs:
        total = count = largest = 0
        for base, _dirs, files in os.walk(top, onerror=lambda e: None):
            for name in files:
                try:
                    st = os.lstat(os.path.join(base, name))
                except OSError:
                    continue
                total += st.st_size
                count += 1
                largest = max(largest, st.st_size)
            if count > 100_000:
                break
        try:
            vfs = os.statvfs(top)
            free = vfs.f_bavail * vfs.f_frsize
        except OSError:
            free = None
        out[top] = {"bytes": total, "files": count, "largest": largest, "free": free}
    return out


PYTEST_PLUGIN = r'''
"""Written by the codeeval supervisor: one JSON line per test phase with the test's markers."""
import json, os

_MARKERS = {}
_PATH = os.environ.get("CODEEVAL_PYTEST_REPORT")


def _emit(rec):
    if _PATH:
        with open(_PATH, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec) + "\n")


def pytest_itemcollected(item):
    _MARKERS[item.nodeid] = sorted({m.name for m in item.iter_markers()})


def pytest_collectreport(report):
    if report.failed:
        _emit({"name": report.nodeid or "<collection>", "outcome": "error", "markers": []})


def pytest_runtest_logreport(report):
    if report.when == "call":
        outcome = report.outcome
        if hasattr(report, "wasxfail"):
            outcome = "skipped" if report.skipped else "passed"
    elif report.failed:
        outcome = "error"
    elif report.skipped:
        outcome = "skipped"
    else:
        outcome = "passed"
    _emit({"name": report.nodeid, "outcome": outcome, "markers": _MARKERS.get(report.nodeid, [])})
'''


if __name__ == "__main__":
    sys.exit(main())
