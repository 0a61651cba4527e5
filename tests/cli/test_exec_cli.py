"""`codeeval exec` through the real command line and the real sandbox: exit status by verdict, standard
input, inputs too large to run, and an infrastructure failure reported as `error` (issue 11, findings 7, 8)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codeeval.execution.config import SandboxConfig

pytestmark = pytest.mark.docker

CLI = [sys.executable, "-m", "codeeval", "exec"]


def codeeval_exec(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, check=False, capture_output=True, timeout=timeout)


def test_exit_status_follows_the_verdict(tmp_path: Path):
    # Finding 8: exec exited 0 even for a malicious verdict.
    clean = tmp_path / "clean.py"
    clean.write_text("print(sum(range(10)))\n")
    hostile = tmp_path / "wipe.sh"
    hostile.write_text("rm -rf ~ /etc 2>/dev/null\nexit 0\n")
    assert codeeval_exec(str(clean)).returncode == 0
    out = codeeval_exec(str(hostile), "--format", "json")
    doc = json.loads(out.stdout)
    assert doc["verdict"] == "malicious" and out.returncode == 1, doc
    both = codeeval_exec(str(clean), str(hostile), "--fail-on", "malicious")
    assert both.returncode == 1


def test_suspicious_exits_3_unless_failing_only_on_malicious(tmp_path: Path):
    sample = tmp_path / "shell.py"
    sample.write_text("import subprocess\nsubprocess.run(['sh', '-c', 'true'])\n")  # process.spawn_shell, medium
    out = codeeval_exec(str(sample), "--format", "json")
    verdict = json.loads(out.stdout)["verdict"]
    assert verdict == "suspicious", out.stdout
    assert out.returncode == 3
    assert codeeval_exec(str(sample), "--fail-on", "malicious").returncode == 0


def test_standard_input_runs_with_its_language_sniffed_or_given():
    # Finding 8: `exec -` was not supported.
    out = codeeval_exec("-", "--format", "json", stdin=b"import sys\nprint(sys.version_info[0])\n")
    doc = json.loads(out.stdout)
    assert out.returncode == 0 and doc["path"] == "<stdin>" and doc["stdout"] == "3\n", out.stderr
    shell = codeeval_exec("-", "--language", "bash", "--format", "json", stdin=b"echo $((6 * 7))\n")
    assert json.loads(shell.stdout)["stdout"] == "42\n"
    unknown = codeeval_exec("-", stdin=b"SELECT 1;\n")
    assert unknown.returncode == 2 and b"--language" in unknown.stderr and b"Traceback" not in unknown.stderr


def test_a_50_mb_file_is_refused_up_front_as_an_error_never_malicious(tmp_path: Path):
    # Finding 7: a 50 MB harmless file got "no result from the sandbox supervisor", verdict malicious,
    # and 114.9 s reported for a 15 s deadline.
    big = tmp_path / "big.py"
    line = b"# harmless padding, nothing runs here " + b"x" * 41 + b"\n"
    with big.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line)):
            handle.write(line)
        handle.write(b"print('ok')\n")
    started = time.monotonic()
    out = codeeval_exec(str(big), "--timeout", "15", "--format", "json")
    elapsed = time.monotonic() - started
    doc = json.loads(out.stdout)
    assert doc["verdict"] == "error" and "not run" in doc["error"] and "16777216" in doc["error"]
    assert out.returncode == 1 and doc["duration_s"] <= 15
    assert elapsed < 30  # refused before any container: no time spent shipping 50 MB


def test_a_large_file_under_the_limit_runs_within_its_deadline(tmp_path: Path):
    big = tmp_path / "big10.py"
    line = "# harmless padding, nothing runs here " + "x" * 41 + "\n"
    big.write_text(line * (10 * 1024 * 1024 // len(line)) + "print('ok')\n")
    out = codeeval_exec(str(big), "--timeout", "15", "--format", "json")
    doc = json.loads(out.stdout)
    assert (doc["verdict"], doc["stdout"], out.returncode) == ("clean", "ok\n", 0), doc
    assert doc["duration_s"] <= 15 + SandboxConfig().grace_s


@pytest.fixture(scope="module")
def image_without_supervisor():
    """The sandbox image with its supervisor removed: every run loses it, as when the infrastructure fails."""
    import docker

    client = docker.from_env()
    base = SandboxConfig.from_env().image
    tag = f"codeeval-test-no-supervisor:{os.getpid()}"
    dockerfile = f"FROM {base}\nUSER root\nRUN rm -f /opt/codeeval/supervisor.py\n".encode()
    client.images.build(fileobj=io.BytesIO(dockerfile), tag=tag, rm=True)
    yield tag
    client.images.remove(tag, force=True)


def test_an_infrastructure_failure_is_an_error_not_malicious(tmp_path: Path, image_without_supervisor: str):
    sample = tmp_path / "ok.py"
    sample.write_text("print('ok')\n")
    out = codeeval_exec(str(sample), "--image", image_without_supervisor, "--format", "json")
    doc = json.loads(out.stdout)
    assert doc["verdict"] == "error" and "no result from the sandbox supervisor" in doc["error"], doc
    assert out.returncode == 1  # not clean either: a gate fails closed
