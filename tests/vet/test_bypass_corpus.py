"""No disguise turns a blocked program into `allow`: every case of the bypass corpus through the command
line, the Python API and the HTTP service (issue 11, findings 1 and 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import codeeval
from codeeval.service import ServiceConfig
from codeeval.vet import vet_many

from .bypass_corpus import CASES
from .conftest import Server

ORDER = ("allow", "warn", "block")
BY_NAME = {c.name: c for c in CASES}


def worst(verdicts) -> str:
    return max(verdicts, key=ORDER.index, default="allow")


def as_client_text(data: bytes) -> str:
    """What a client holding these bytes would most plausibly send as text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


@pytest.fixture(scope="module")
def cli_verdicts(tmp_path_factory) -> dict[tuple[str, str], str]:
    """One `codeeval vet` over every file of every case (named explicitly, as a pre-commit hook does)."""
    root = tmp_path_factory.mktemp("bypass")
    paths = []
    for case in CASES:
        for kind, files in (("disguised", case.files), ("plain", case.plain)):
            folder = root / case.name / kind
            folder.mkdir(parents=True)
            for name, data in files.items():
                (folder / name).write_bytes(data)
                paths.append(str(folder / name))
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", "--format", "json", *paths],
                          check=False, capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    out: dict[tuple[str, str], list[str]] = {}
    for item in doc["files"]:
        case, kind = Path(item["path"]).relative_to(root).parts[:2]
        out.setdefault((case, kind), []).append(item["verdict"])
    assert not doc["skipped"], doc["skipped"]
    return {key: worst(v) for key, v in out.items()}


def test_the_corpus_is_split_before_any_result():
    splits = {c.split for c in CASES}
    assert splits == {"tuning", "heldout"} and len(CASES) >= 40


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_cli_never_allows_a_disguised_program(cli_verdicts, name: str):
    assert cli_verdicts[(name, "plain")] == "block"  # the undisguised program is blocked, so the case tests something
    assert cli_verdicts[(name, "disguised")] != "allow"


@pytest.fixture(scope="module")
def api_verdicts() -> dict[tuple[str, str], str]:
    """`codeeval.vet_many` over every file: the plain program, the disguise as bytes and as a client's text."""
    items = {
        "plain": [(c.name, data, c.language) for c in CASES for data in c.plain.values()],
        "bytes": [(c.name, data, c.language) for c in CASES for data in c.files.values()],
        "text": [(c.name, as_client_text(data), c.language) for c in CASES for data in c.files.values()],
    }
    out: dict[tuple[str, str], list[str]] = {}
    for kind, rows in items.items():
        verdicts = vet_many([(code, lang) for _, code, lang in rows])
        for (name, _, _), v in zip(rows, verdicts):
            out.setdefault((name, kind), []).append(v.verdict)
    return {key: worst(v) for key, v in out.items()}


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_api_never_allows_a_disguised_program(api_verdicts, name: str):
    assert api_verdicts[(name, "plain")] == "block"
    assert api_verdicts[(name, "bytes")] != "allow"
    assert api_verdicts[(name, "text")] != "allow"


@pytest.fixture(scope="module")
def service_verdicts(server: Server) -> dict[str, str]:
    limit = ServiceConfig().max_body_bytes

    def one(row: tuple[str, bytes, str]) -> tuple[str, str]:
        name, data, language = row
        request = {"code": as_client_text(data), "language": language}
        try:
            status, body = server.post("/v1/vet", request, timeout=600)
        except urllib.error.URLError as exc:
            # Over the limit, the server answers 413 from the declared length and closes at once; a client
            # still sending the rest of the body sees a broken pipe instead of the answer. Refused either way.
            oversized = len(json.dumps(request).encode()) > limit
            if oversized and isinstance(exc.reason, (BrokenPipeError, ConnectionResetError)):
                return name, "refused"
            raise
        if status == 413:  # larger than the server accepts: refused, which is not an allow
            return name, "refused"
        assert status == 200, body
        return name, body["verdict"]

    rows = [(c.name, data, c.language) for c in CASES for data in c.files.values()]
    out: dict[str, list[str]] = {}
    with ThreadPoolExecutor(16) as pool:
        for name, verdict in pool.map(one, rows):
            out.setdefault(name, []).append(verdict)
    return {name: "block" if "refused" in v else worst(v) for name, v in out.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_service_never_allows_a_disguised_program(service_verdicts, name: str):
    assert service_verdicts[name] != "allow"


def test_padding_past_one_mib_blocks_and_exits_1(tmp_path: Path):
    # Finding 1: 1.2 MB of padding, then the payload; only the first 1 MiB was read and the verdict was allow.
    case = BY_NAME["padding_1_2_mb_python"]
    (name, data), = case.files.items()
    (tmp_path / name).write_bytes(data)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", str(tmp_path / name)], check=False, capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 1 and "BLOCK" in proc.stdout, proc.stdout


def test_a_nul_byte_in_a_trailing_comment_no_longer_hides_a_shell_script(tmp_path: Path):
    # Finding 2: one NUL made the script "binary", skipped, and allowed.
    case = BY_NAME["nul_in_trailing_comment_bash"]
    (name, data), = case.files.items()
    (tmp_path / name).write_bytes(data)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", str(tmp_path / name)], check=False, capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 1 and "bash-rm-rf-root-or-home" in proc.stdout, proc.stdout


def test_input_over_the_hard_limit_is_blocked_naming_the_reason(tmp_path: Path):
    big = tmp_path / "big.py"
    big.write_bytes(b"x = 1\n" * 2000)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", "--max-bytes", "1000", "--format", "json", str(big)],
                          check=False, capture_output=True, text=True, env=env, timeout=600)
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["verdict"] == "block"
    assert doc["reasons"][0]["id"] == "unanalysed" and "1000-byte limit" in doc["reasons"][0]["message"]


def test_a_binary_named_explicitly_is_blocked_not_skipped(tmp_path: Path):
    blob = tmp_path / "run.sh"
    blob.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(64))
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", "--format", "json", str(blob)],
                          check=False, capture_output=True, text=True, env=env, timeout=600)
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["verdict"] == "block" and "binary" in doc["reasons"][0]["message"]


def test_a_team_may_choose_warn_for_unanalysed_input_but_never_allow(tmp_path: Path):
    from codeeval.policy import PolicyError, parse_policy

    assert codeeval.vet(b"\x7fELF\x02\x01\x01" + bytes(40), "bash", policy={"unanalysed": "warn"}).verdict == "warn"
    with pytest.raises(PolicyError, match="never allowed"):
        parse_policy({"unanalysed": "allow"})


def test_a_scanner_error_is_never_allow():
    from codeeval.policy import default_policy
    from codeeval.vet import decide

    verdict, reasons = decide((), (), default_policy(), unanalysed=["scanner error: semgrep: Timeout"])
    assert verdict == "block" and reasons[0].id == "unanalysed"


def test_run_never_runs_the_first_part_of_a_file_over_the_limit(tmp_path: Path):
    # Finding 1: `vet --run` ran the truncated part, as if it were the program.
    big = tmp_path / "big.py"
    big.write_bytes(b"print('start')\n" + b"x = 1\n" * 2000)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", "--run", "--max-bytes", "1000", "--format", "json",
                           str(big)], check=False, capture_output=True, text=True, env=env, timeout=600)
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["verdict"] == "block"
    assert doc["files"][0]["ran"] is False and doc["files"][0]["execution"] is None
