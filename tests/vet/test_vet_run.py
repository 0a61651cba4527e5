"""`--run`: the sandbox's behaviours join the static findings behind the verdict (needs Docker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import codeeval
from codeeval.errors import ToolError

from .conftest import ROOT, Server

pytestmark = [pytest.mark.docker, pytest.mark.slow]

# Nothing here that a static rule names: the address and port are computed at run time.
SNEAKY = (
    "import socket\n"
    "host = '.'.join(str(n) for n in (10, 0, 0, 1))\n"
    "port = 4000 + 444\n"
    "s = socket.socket()\n"
    "s.settimeout(2)\n"
    "try:\n"
    "    s.connect((host, port))\n"
    "except OSError as exc:\n"
    "    print('no route:', exc)\n"
)
BENIGN = "import json\nprint(json.dumps(sorted([3, 1, 2])))\n"


@pytest.fixture(scope="module", autouse=True)
def sandbox():
    from codeeval.execution import SandboxConfig, image

    try:
        image.check_image(image.connect(), SandboxConfig().image)
    except ToolError as exc:
        if os.environ.get("CODEEVAL_REQUIRE_DOCKER"):
            raise
        pytest.skip(f"sandbox not available: {exc}")


def test_run_adds_behaviours_that_turn_a_clean_static_verdict_into_a_block():
    assert codeeval.vet(SNEAKY).verdict == "allow"
    verdict = codeeval.vet(SNEAKY, run=True)
    assert verdict.ran and verdict.execution["exit_code"] == 0
    assert verdict.verdict == "block", verdict.reasons
    reason = next(r for r in verdict.reasons if r.effect == "block")
    assert reason.kind == "behaviour" and reason.id == "network.egress"
    assert reason.evidence, "the events behind the behaviour are given"
    assert any(b.id == "network.egress" for b in verdict.behaviours)


def test_benign_code_that_runs_is_still_allowed():
    verdict = codeeval.vet(BENIGN, run=True)
    assert verdict.ran
    assert verdict.execution["exit_code"] == 0 and verdict.execution["error"] is None
    assert verdict.verdict == "allow"


def test_cli_run_reports_behaviours_in_json(tmp_path: Path):
    (tmp_path / "sneaky.py").write_text(SNEAKY)
    (tmp_path / "benign.py").write_text(BENIGN)
    proc = subprocess.run([sys.executable, "-m", "codeeval", "vet", "--run", "--format", "json", str(tmp_path)],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert by_name["sneaky.py"]["verdict"] == "block" and by_name["benign.py"]["verdict"] == "allow"
    assert all(f["ran"] for f in doc["files"])
    assert any(b["id"] == "network.egress" and b["path"].endswith("sneaky.py") for b in doc["behaviours"])


def test_service_run_true_executes_in_the_sandbox():
    server = Server()
    try:
        status, body = server.post("/v1/vet", {"code": SNEAKY, "run": True})
        assert status == 200, body
        assert body["ran"] and body["verdict"] == "block"
        assert any(b["id"] == "network.egress" for b in body["behaviours"])
    finally:
        server.stop()


def test_javascript_cannot_run_and_the_verdict_says_so_instead_of_allowing():
    verdict = codeeval.vet("console.log([3, 1, 2].sort());\n", "javascript", run=True)
    assert not verdict.ran
    assert verdict.verdict == "warn"
    assert verdict.reasons[0].id == "sandbox_error" and "not javascript" in verdict.reasons[0].message
