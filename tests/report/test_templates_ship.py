"""The report's templates travel in the wheel: without them `codeeval report` fails after `pip install`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "codeeval" / "report" / "templates"


@pytest.mark.slow
def test_every_template_is_in_the_wheel(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, cwd=tmp_path, check=False, timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    names = set(zipfile.ZipFile(next(tmp_path.glob("codeeval-*.whl"))).namelist())
    wanted = {f"codeeval/report/templates/{p.name}" for p in TEMPLATES.iterdir() if p.is_file()}
    assert wanted and wanted <= names, sorted(wanted - names)
