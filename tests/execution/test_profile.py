"""The runtime profile (issue 9): the Python packages model-written code imports are in the image, locked
with hashes, fetched on the host and installed with no network inside the build; a user's own
requirements become a layer; the manifest of a run records the profile."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from codeeval.execution import image as image_mod
from codeeval.execution import profile
from codeeval.execution.config import SandboxConfig

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "sandbox" / "profile"

# What each requirement is imported as, where the two differ.
IMPORT_NAMES = {
    "flask-login": "flask_login", "pynput": None, "python-dotenv": "dotenv", "pyyaml": "yaml", "pycryptodome": "Crypto",
    "pycryptodomex": "Cryptodome", "pyjwt": "jwt", "argon2-cffi": "argon2", "beautifulsoup4": "bs4",
    "psycopg2-binary": "psycopg2", "dnspython": "dns.resolver", "pillow": "PIL", "pytelegrambotapi": "telebot",
    "scapy": "scapy.all", "async-timeout": "async_timeout",
}


def _requested() -> list[str]:
    names = []
    for line in (PROFILE / "requirements.in").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.sub(r"[-_.]+", "-", line).lower())
    return names


def _locked() -> dict[str, str]:
    text = (PROFILE / "requirements.txt").read_text()
    return {re.sub(r"[-_.]+", "-", n).lower(): v for n, v in re.findall(r"^([A-Za-z0-9][^\s=]*)==(\S+) \\$", text, re.MULTILINE)}


def test_every_requested_package_is_locked_with_a_hash():
    locked = _locked()
    missing = [name for name in _requested() if name not in locked]
    assert not missing, f"requirements.in names packages the lock lacks (run sandbox/profile/lock.py): {missing}"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (PROFILE / "requirements.txt").read_text().split("\n", 2)[2])
    assert len(blocks) == len(locked)
    for block in blocks:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), f"unhashed pin: {block.splitlines()[0]}"


def test_the_issue_names_are_all_in_the_profile():
    named = ["requests", "flask", "psutil", "numpy", "pandas", "pyyaml", "bcrypt", "cryptography", "pycryptodome", "pyjwt", "paramiko", "beautifulsoup4", "lxml", "sqlalchemy", "jinja2", "pillow", "watchdog", "pyperclip", "jsonpickle", "pynput", "scapy", "boto3", "django", "fastapi", "httpx", "aiohttp", "dill"]
    assert set(named) <= set(_requested())


def test_wheels_are_chosen_for_the_image_interpreter_not_the_host():
    args = profile.download_args("x86_64")
    assert "--only-binary=:all:" in args and "--python-version=3.11" in args and "--abi=cp311" in args
    assert any(a.endswith("manylinux2014_x86_64") for a in args)
    assert not any("aarch64" in a for a in args)
    assert profile._fits("numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl", "x86_64")
    assert not profile._fits("numpy-2.4.6-cp311-cp311-manylinux_2_27_aarch64.manylinux_2_28_aarch64.whl", "x86_64")
    assert profile._fits("requests-2.34.2-py3-none-any.whl", "aarch64")


def test_profile_id_changes_with_the_lock(tmp_path):
    lock = tmp_path / "requirements.txt"
    lock.write_text("a==1 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    first = profile.profile_id(lock)
    assert first.endswith("(1 packages)")
    lock.write_text("a==2 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    assert profile.profile_id(lock) != first


def test_source_hash_covers_every_sandbox_file_but_the_lock_generator(tmp_path):
    ctx = tmp_path / "sandbox"
    (ctx / "profile").mkdir(parents=True)
    (ctx / "Dockerfile").write_text("FROM x\n")
    (ctx / "profile" / "requirements.txt").write_text("a==1\n")
    (ctx / "profile" / "lock.py").write_text("print()\n")
    before = image_mod.source_hash(ctx)
    (ctx / "profile" / "lock.py").write_text("print(1)\n")
    assert image_mod.source_hash(ctx) == before
    (ctx / "netsink.py").write_text("x = 1\n")  # a new supervisor module makes the image stale
    assert image_mod.source_hash(ctx) != before


def test_fetch_refuses_a_wheel_whose_hash_differs(tmp_path):
    lock = tmp_path / "requirements.txt"
    lock.write_text("six==1.17.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(Exception, match="fetching the sandbox's Python packages failed"):
        profile.fetch_wheels(lock, tmp_path / "wheels", "x86_64")


# -- against the real daemon and the built image -------------------------------------------------------------
docker_tests = [pytest.mark.docker, pytest.mark.slow]


def _client():
    try:
        return image_mod.connect()
    except Exception as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"no Docker daemon: {exc}")


@pytest.mark.docker
@pytest.mark.slow
def test_image_imports_every_profile_package_with_no_network():
    client = _client()
    modules = [IMPORT_NAMES.get(name, name.replace("-", "_")) for name in _requested()]
    modules = [m for m in modules if m]
    script = (
        "import importlib, json\nbad = {}\n"
        f"for m in {modules!r}:\n"
        "    try:\n        importlib.import_module(m)\n"
        "    except Exception as e:\n        bad[m] = f'{type(e).__name__}: {e}'\n"
        "print(json.dumps(bad))\n"
    )
    out = client.containers.run(SandboxConfig().image, ["python3", "-c", script], network_mode="none", remove=True,
                                user="10001:10001", read_only=True,
                                tmpfs={"/tmp": "mode=1777", "/home/sandbox": "uid=10001,gid=10001,mode=0700"})
    assert out.decode().strip() == "{}"


@pytest.mark.docker
@pytest.mark.slow
def test_status_reports_the_profile_the_image_was_built_with():
    _client()
    report = image_mod.status()
    lock = profile.lock_file(image_mod.sandbox_dir())
    assert report["image_current"] is True
    assert report["profile"] == profile.profile_id(lock)


@pytest.mark.docker
@pytest.mark.slow
def test_build_with_requirements_adds_a_layer_of_the_users_packages(tmp_path):
    client = _client()
    base = SandboxConfig().image
    tag = f"codeeval-sandbox:test-extra-{os.getpid()}"
    client.api.tag(base, *tag.split(":"))
    req = tmp_path / "requirements.txt"
    req.write_text("humanize\n")  # not in the profile, pure Python
    try:
        env = dict(os.environ, CODEEVAL_SANDBOX_IMAGE=tag)
        proc = subprocess.run([sys.executable, "-m", "codeeval", "sandbox", "build", "--offline", "--requirements", str(req)],
                              env=env, capture_output=True, text=True, timeout=900, check=False)
        assert proc.returncode == 0, proc.stderr[-2000:]
        out = client.containers.run(tag, ["python3", "-c", "import humanize, requests; print(humanize.intcomma(12345))"],
                                    network_mode="none", remove=True)
        assert out.decode().strip() == "12,345"
        labels = client.api.inspect_image(tag)["Config"]["Labels"]
        assert labels[image_mod.LABEL_EXTRA].startswith("sha256:")
        assert labels[image_mod.LABEL_PROFILE] == profile.profile_id(profile.lock_file(image_mod.sandbox_dir()))
    finally:
        client.api.remove_image(tag, force=True)
