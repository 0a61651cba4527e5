"""Choosing an executor on the command line: the names, and Ray staying optional."""

from __future__ import annotations

import os
import subprocess
import sys

from .cluster import ROOT

# Ray made unimportable, as on an install without the extra: Python treats a None module as missing.
WITHOUT_RAY = "import sys; sys.modules['ray'] = None; from codeeval.cli import main; sys.argv[0] = 'codeeval'; main()"


def _codeeval(*args: str, prelude: str | None = None) -> subprocess.CompletedProcess:
    code = prelude or "from codeeval.cli import main; import sys; sys.argv[0] = 'codeeval'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)


def test_ray_executor_without_ray_installed_is_one_line_and_exit_2(tmp_path):
    sample = tmp_path / "s.py"
    sample.write_text("print(1)\n")
    for command in (["exec", str(sample)], ["run", "--model", "replay:x.jsonl", "--suite", "quick"]):
        out = _codeeval(*command, "--executor", "ray", "--address", "127.0.0.1:1", prelude=WITHOUT_RAY)
        assert out.returncode == 2, out.stderr
        assert out.stderr.strip().splitlines() == [
            "codeeval: error: --executor ray needs Ray, which is not installed: pip install 'codeeval[ray]'"]


def test_unknown_executor_and_a_stray_address_are_usage_errors(tmp_path):
    sample = tmp_path / "s.py"
    sample.write_text("print(1)\n")
    out = _codeeval("exec", str(sample), "--executor", "slurm")
    assert out.returncode == 2 and "unknown executor 'slurm' (expected local or ray)" in out.stderr
    out = _codeeval("exec", str(sample), "--address", "10.0.0.1:6379")
    assert out.returncode == 2 and "--address names a Ray cluster: use it with --executor ray" in out.stderr


def test_an_address_nobody_listens_on_fails_fast_with_one_line(tmp_path):
    sample = tmp_path / "s.py"
    sample.write_text("print(1)\n")
    out = _codeeval("exec", str(sample), "--executor", "ray", "--address", "127.0.0.1:1")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["codeeval: error: cannot reach the Ray cluster at 127.0.0.1:1: Connection refused"]
