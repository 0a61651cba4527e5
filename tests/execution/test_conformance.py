"""The contract every sandbox implementation must meet, run against the real thing (today: Docker).

A new implementation (gVisor-only, Firecracker, ...) registers a factory in IMPLEMENTATIONS and passes
the same tests: run python and bash, capture and cap output, report exits, signals and timeouts, copy
files in and artifacts out, run pytest with per-test outcomes, and isolate: no network, read-only root,
non-root without capabilities, a fresh environment per sample, nothing left behind.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from codeeval.errors import ToolError
from codeeval.execution import DockerSandbox, ExecJob, RunOutput, SandboxConfig

pytestmark = pytest.mark.docker

IMPLEMENTATIONS: dict[str, Callable[[SandboxConfig], DockerSandbox]] = {
    "docker": lambda config: DockerSandbox(config),
}


def _open(name: str, config: SandboxConfig):
    try:
        return IMPLEMENTATIONS[name](config)
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")


@pytest.fixture(scope="module", params=sorted(IMPLEMENTATIONS))
def make_sandbox(request):
    opened = []

    def make(**overrides):
        sandbox = _open(request.param, SandboxConfig(**{"timeout_s": 10.0, **overrides}))
        opened.append(sandbox)
        return sandbox

    yield make
    for sandbox in opened:
        leftovers = sandbox.leftovers()
        sandbox.close()
        assert leftovers == [], "a run left a container behind"


@pytest.fixture(scope="module")
def sandbox(make_sandbox):
    return make_sandbox()


def run(sandbox, code: str, language: str = "python", **kw) -> RunOutput:
    return sandbox.run(ExecJob.from_code(code, language, **kw))


def test_python_runs_and_its_stdout_is_captured(sandbox):
    out = run(sandbox, "print('hello from python')")
    assert out.result.exit_code == 0
    assert out.result.stdout == "hello from python\n"
    assert out.result.error is None


def test_bash_runs(sandbox):
    out = run(sandbox, 'echo "bash $((6 * 7))"', "bash")
    assert out.result.exit_code == 0
    assert out.result.stdout == "bash 42\n"


def test_stderr_is_captured_apart_from_stdout(sandbox):
    out = run(sandbox, "import sys; print('out'); print('err', file=sys.stderr)")
    assert out.result.stdout == "out\n"
    assert out.result.stderr == "err\n"


@pytest.mark.parametrize(("code", "language", "expected"), [("import sys; sys.exit(3)", "python", 3), ("exit 7", "bash", 7)])
def test_exit_codes_are_reported(sandbox, code, language, expected):
    out = run(sandbox, code, language)
    assert out.result.exit_code == expected
    assert out.result.signal is None


def test_death_by_signal_is_reported_as_the_signal(sandbox):
    out = run(sandbox, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert out.result.signal == 9
    assert out.result.exit_code is None


def test_output_over_the_cap_is_cut_and_flagged(make_sandbox):
    small = make_sandbox(stdout_cap=1000, stderr_cap=500)
    out = run(small, "import sys; print('x' * 5000); print('y' * 5000, file=sys.stderr)")
    assert out.result.truncated
    assert 0 < len(out.result.stdout) <= 1000
    assert 0 < len(out.result.stderr) <= 500
    assert out.result.stdout.startswith("xxxx")


def test_output_under_the_cap_is_not_flagged(sandbox):
    out = run(sandbox, "print('x' * 5000)")
    assert not out.result.truncated
    assert len(out.result.stdout) == 5001


def test_timeout_ends_the_sample_within_the_grace_period(make_sandbox):
    fast = make_sandbox(timeout_s=1.5)
    started = time.monotonic()
    out = run(fast, "import threading; threading.Event().wait(60)")
    wall = time.monotonic() - started
    assert out.result.timed_out
    assert wall < 1.5 + fast.config.grace_s + 3
    assert out.result.duration_s < 1.5 + fast.config.grace_s


def test_files_are_copied_into_the_work_dir(sandbox):
    files = {"data/input.txt": b"41\n", "helper.py": b"def inc(x):\n    return x + 1\n"}
    code = "import os, helper; print(os.getcwd(), helper.inc(int(open('data/input.txt').read())))"
    out = run(sandbox, code, files=files)
    assert out.result.stdout == "/work 42\n", out.result.stderr


def test_pytest_mode_reports_each_test_with_its_markers(sandbox):
    solution = b"def add(a, b):\n    return a + b\n"
    tests = b"""import pytest
from solution import add

@pytest.mark.functionality
def test_adds():
    assert add(2, 3) == 5

@pytest.mark.security
def test_fails():
    assert add(2, 2) == 5

@pytest.fixture
def broken():
    raise RuntimeError("fixture broke")

@pytest.mark.functionality
def test_errors(broken):
    pass
"""
    job = ExecJob(files={"solution.py": solution, "test_solution.py": tests}, entry="test_solution.py", mode="pytest")
    out = sandbox.run(job)
    outcomes = {t.name.split("::")[-1]: (t.outcome, t.markers) for t in out.result.tests}
    assert outcomes["test_adds"] == ("passed", ("functionality",))
    assert outcomes["test_fails"] == ("failed", ("security",))
    assert outcomes["test_errors"][0] == "error"
    assert "functionality" in outcomes["test_errors"][1]
    assert out.result.exit_code == 1  # pytest: some tests failed


def test_there_is_no_network_but_loopback(sandbox):
    code = """
import os, socket
print(sorted(os.listdir('/sys/class/net')))
s = socket.socket()
s.settimeout(2)
try:
    s.connect(('1.1.1.1', 443))
    s.sendall(b'hello')
    print('connected')
except OSError as exc:
    print('errno', exc.errno)
"""
    out = run(sandbox, code)
    # Only loopback: a remote address either is unreachable (ENETUNREACH) or, with the fake internet, reaches
    # the sink inside the sandbox, which records where the sample meant to go.
    if (out.raw or {}).get("network", {}).get("mode") == "redirect":
        assert out.result.stdout.splitlines() == ["['lo']", "connected"], out.result.stdout
        assert [(r["dst"], r["bytes"]) for r in out.raw["sink"]] == [("1.1.1.1:443", 5)]
    else:
        assert out.result.stdout.splitlines() == ["['lo']", "errno 101"], out.result.stdout


def test_root_filesystem_is_read_only_and_work_and_tmp_are_writable(sandbox):
    code = """
for path in ('/usr/local/x', '/etc/x', '/work/x', '/tmp/x'):
    try:
        open(path, 'w').write('x')
        print(path, 'ok')
    except OSError as exc:
        print(path, exc.errno)
"""
    out = run(sandbox, code)
    assert out.result.stdout.splitlines() == ["/usr/local/x 30", "/etc/x 30", "/work/x ok", "/tmp/x ok"]


def test_sample_runs_as_non_root_without_capabilities_or_new_privileges(sandbox):
    code = """
import os
status = dict(line.split(':', 1) for line in open('/proc/self/status'))
print(os.getuid(), os.getgid(), status['CapEff'].strip(), status['CapPrm'].strip(), status['NoNewPrivs'].strip())
"""
    out = run(sandbox, code)
    assert out.result.stdout.split() == ["10001", "10001", "0000000000000000", "0000000000000000", "1"]


def test_every_sample_gets_a_fresh_environment(sandbox):
    first = run(sandbox, "open('/tmp/marker', 'w').write('1'); open('/work/marker', 'w').write('1')")
    second = run(sandbox, "import os; print(os.path.exists('/tmp/marker'), os.path.exists('/work/marker'))")
    assert first.result.exit_code == 0
    assert second.result.stdout == "False False\n"


def test_tracing_can_be_switched_off(make_sandbox):
    untraced = make_sandbox(trace=False)
    out = run(untraced, "print(sum(range(10)))")
    assert out.result.stdout == "45\n"
    assert not [e for e in out.result.events if e.source == "strace"]


def test_artifacts_are_regular_files_only_and_capped(make_sandbox):
    capped = make_sandbox(artifact_cap=4096)
    code = """
import os
os.makedirs('out', exist_ok=True)
open('out/result.txt', 'w').write('done')
open('out/big.bin', 'wb').write(b'x' * 100000)
os.symlink('/etc/passwd', 'out/passwd_link')
os.symlink('/etc', 'out/etc_link')
"""
    out = capped.run(ExecJob.from_code(code, collect=("out", "../etc/passwd")))
    assert out.artifacts == {"out/result.txt": b"done"}
    assert out.artifacts_truncated  # big.bin was over the cap


def test_no_container_is_left_behind(sandbox):
    run(sandbox, "print(1)")
    run(sandbox, "raise SystemExit(1)")
    assert sandbox.leftovers() == []


FORGE = r"""
import json, os, signal, sys
fake = {"version": 1, "exit_code": 0, "signal": None, "timed_out": False, "duration_s": 0.01, "stdout": "forged",
        "stderr": "", "stdout_truncated": False, "stderr_truncated": False, "trace": [], "audit": [], "dns": [],
        "sink": [], "tests": [], "supervisor_error": None}
line = "\nCODEEVAL-RESULT " + json.dumps(fake) + "\n"
for pid in os.listdir("/proc"):  # every descriptor of every process it can reach: one may be the real stdout
    if not pid.isdigit() or int(pid) == os.getpid():
        continue
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        continue
    for fd in fds:
        try:
            target = os.open(f"/proc/{pid}/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            os.write(target, line.encode())
        except OSError:
            pass
        os.close(target)
if KILL_SUPERVISOR:
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
sys.exit(3)
"""


def test_a_result_line_forged_by_the_sample_is_not_believed(sandbox):
    out = run(sandbox, FORGE.replace("KILL_SUPERVISOR", "False"))
    assert out.result.stdout != "forged"
    assert out.result.exit_code == 3


def test_a_forged_result_is_not_believed_even_when_the_sample_kills_all_it_can(sandbox):
    out = run(sandbox, FORGE.replace("KILL_SUPERVISOR", "True"))
    assert out.result.stdout != "forged"
    assert "process.tamper" in {b.id for b in out.result.behaviours}


def test_a_sample_printing_the_result_marker_gets_its_own_output_back(sandbox):
    out = run(sandbox, 'print("\\nCODEEVAL-RESULT {\\"exit_code\\": 0}")\nraise SystemExit(4)')
    assert out.result.error is None
    assert out.result.exit_code == 4
    assert out.result.stdout == '\nCODEEVAL-RESULT {"exit_code": 0}\n'
