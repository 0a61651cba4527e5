"""A directory of ten thousand files goes through in batches, every file accounted for."""

import json
import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_ten_thousand_files_are_all_scanned_or_reported(tmp_path):
    root = tmp_path / "big"
    for d in range(100):
        sub = root / f"pkg{d:03d}"
        sub.mkdir(parents=True)
        for f in range(100):
            n = d * 100 + f
            if n % 500 == 0:
                (sub / f"m{f}.py").write_text(f"import os\nos.system('rm -rf ' + target_{n})\n")
            elif n % 250 == 0:
                (sub / f"data{f}.bin").write_bytes(b"\0\1\2")
            else:
                (sub / f"m{f}.py").write_text(f"def f{n}(x):\n    return x + {n}\n")
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "codeeval", "scan", str(root), "--format", "json"],
        capture_output=True, text=True, env=env, timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["summary"]["scanned"] + report["summary"]["skipped"] == 10_000
    assert report["summary"]["skipped"] == 20
    flagged = {os.path.basename(r["path"]) for r in report["results"] if any("CWE-78" in f["cwe"] for f in r["findings"])}
    assert len([r for r in report["results"] if r["findings"] and any("CWE-78" in f["cwe"] for f in r["findings"])]) == 20
    assert flagged == {"m0.py"}
