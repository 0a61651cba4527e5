"""Naming what happened, in the real sandbox (issue 9, item 4): a climb out of /usr to /etc/shadow, a TracerPid
check, io_uring trapped by the seccomp profile, a long sleep cut short, a symlink to a planted key, and a run
that hit its deadline in silence. All samples run once, together, as a real run does."""

from __future__ import annotations

import os

import pytest

from codeeval.errors import ToolError
from codeeval.execution import ExecJob, SandboxConfig, execute_many, verdict
from codeeval.types import Severity

pytestmark = [pytest.mark.docker, pytest.mark.slow]

SAMPLES = {
    "dotdot_shadow": ("python", ("try:\n    open('/usr/../etc/shadow').read()\n"
                                 "except OSError as e:\n    print(e)\n")),
    "tracerpid": ("python", ("s = open('/proc/self/status').read()\n"
                             "print([l for l in s.splitlines() if l.startswith('TracerPid')])\n")),
    "io_uring": ("python", ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                            "params = ctypes.create_string_buffer(120)\nprint(libc.syscall(425, 8, params))\n")),
    "long_sleep": ("python", ("import time\nstart = time.monotonic()\ntime.sleep(3600)\n"
                              "print('after the sleep', round(time.monotonic() - start, 2))\n")),
    "bash_sleep": ("bash", "sleep 3600\necho after the sleep\n"),
    "symlink_key": ("python", ("import os\nos.symlink(os.path.expanduser('~/.ssh/id_rsa'), 'notes.txt')\n"
                               "print(len(open('notes.txt').read()))\n")),
    "quiet_timeout": ("python", "import threading\nthreading.Event().wait(3600)\n"),
}


@pytest.fixture(scope="module")
def results():
    jobs = [ExecJob.from_code(code, lang, key=name) for name, (lang, code) in SAMPLES.items()]
    try:
        return {job.key: r for job, r in execute_many(jobs, SandboxConfig(timeout_s=3.0), workers=2)}
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")


def named(result, bid: str):
    found = {b.id: b for b in result.behaviours}
    assert bid in found, f"expected {bid}, got {sorted(found)}; stderr: {result.stderr[-500:]}"
    return found[bid]


def test_a_climb_out_of_usr_reads_etc_shadow(results):
    read = named(results["dotdot_shadow"], "filesystem.sensitive_read")
    assert read.severity == Severity.HIGH
    assert any(e.get("path") == "/etc/shadow" and e.get("source") == "strace" for e in read.evidence)


def test_reading_tracerpid_is_evasion(results):
    assert "TracerPid" in results["tracerpid"].stdout
    evasion = named(results["tracerpid"], "evasion")
    assert evasion.severity == Severity.MEDIUM
    assert any(e.get("path") == "/proc/self/status" for e in evasion.evidence)


def test_io_uring_is_trapped_by_the_seccomp_profile_and_named(results):
    r = results["io_uring"]
    assert r.signal == 31, (r.exit_code, r.signal, r.stdout)  # SIGSYS: the ring was never set up
    evasion = named(r, "evasion")
    assert any(e.get("syscall") == "io_uring_setup" and e.get("blocked") == "seccomp" for e in evasion.evidence)


def test_a_long_python_sleep_is_cut_short_and_named(results):
    r = results["long_sleep"]
    assert not r.timed_out and r.exit_code == 0
    assert "after the sleep" in r.stdout
    assert any(e.get("seconds") == 3600 for e in named(r, "evasion").evidence)


def test_a_long_shell_sleep_is_named(results):
    # Cut short too once sandbox/bin is first on the sample's PATH; named from its argv either way.
    evasion = named(results["bash_sleep"], "evasion")
    assert any(e.get("argv") == ["sleep", "3600"] for e in evasion.evidence)


def test_reading_a_planted_key_through_a_symlink_is_reading_the_key(results):
    secrets = named(results["symlink_key"], "secrets.access")
    assert secrets.severity == Severity.HIGH
    assert any(e.get("via") == "/work/notes.txt" and e.get("honeytoken") == "ssh_key" for e in secrets.evidence)


def test_a_run_that_hit_its_deadline_in_silence_is_incomplete(results):
    r = results["quiet_timeout"]
    assert r.timed_out
    assert all(b.severity <= Severity.LOW for b in r.behaviours)
    assert verdict(r.behaviours) == "incomplete"
