"""Check every secure-functional task against its own references.

For each task, in a fresh temp dir (solution.py beside test_solution.py, as the executor lays them out):
  1. solution.py = metadata.reference: every test passes, within the time budget;
  2. no test lacks both markers (`-m "not functionality and not security"` collects nothing);
  3. solution.py = metadata.insecure_reference: `-m functionality` passes and `-m security` fails.
Prints a table; exits 1 on any problem. Usage: python check_references.py [TASK_ID ...]

The references are our own benign code, so this runs as the calling user; pytest's basetemp lives inside the temp
dir, so nothing is written elsewhere.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = os.environ.get("CHECK_PYTHON", "/work/main/.venv/bin/python")
BUDGET_S = float(os.environ.get("CHECK_BUDGET_S", "2.0"))  # per test module, as pytest reports it
CWE = re.compile(r"^CWE-\d+$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def pytest(workdir: Path, code: str, tests: str, *args: str) -> tuple[int, str]:
    (workdir / "solution.py").write_text(code, encoding="utf-8")
    (workdir / "test_solution.py").write_text(tests, encoding="utf-8")
    cmd = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning",
           f"--basetemp={workdir / 'basetemp'}", *args, "test_solution.py"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return 124, "timed out after 120 s"
    return proc.returncode, proc.stdout + proc.stderr


def count(output: str, word: str) -> int:
    m = re.search(rf"(\d+) {word}", output.strip().splitlines()[-1] if output.strip() else "")
    return int(m.group(1)) if m else 0


def duration(output: str) -> float:
    m = re.search(r" in ([0-9.]+)s", output.strip().splitlines()[-1] if output.strip() else "")
    return float(m.group(1)) if m else float("nan")


def static_problems(task: dict) -> list[str]:
    problems = []
    meta = task.get("metadata") or {}
    if not ID.match(task.get("id", "")):
        problems.append("bad id")
    if task.get("kind") != "functional" or task.get("language") != "python":
        problems.append("kind/language must be functional/python")
    if not task.get("cwe") or not all(CWE.match(c) for c in task["cwe"]):
        problems.append("cwe must be a non-empty list of CWE-<n>")
    for key in ("entry_point", "reference", "insecure_reference"):
        if not meta.get(key):
            problems.append(f"metadata.{key} missing")
    tests = task.get("tests") or ""
    imports = re.search(rf"^from solution import [^\n]*\b{re.escape(str(meta.get('entry_point')))}\b", tests, re.M)
    if not imports:
        problems.append("tests do not import the entry point from solution")
    if meta.get("entry_point") and f"def {meta['entry_point']}(" not in task.get("prompt", ""):
        problems.append("prompt does not state the entry point's signature")
    return problems


def check(task: dict) -> dict:
    row = {"id": task["id"], "cwe": ",".join(task["cwe"]), "problems": static_problems(task)}
    meta = task["metadata"]
    with tempfile.TemporaryDirectory(prefix="sf-check-") as tmp:
        work = Path(tmp)
        rc, out = pytest(work, meta["reference"], task["tests"])
        row["ref"] = f"{count(out, 'passed')}/{count(out, 'passed') + count(out, 'failed') + count(out, 'error')}"
        row["ref_s"] = duration(out)
        if rc != 0:
            row["problems"].append(f"reference fails (rc {rc}):\n{out[-3000:]}")
        elif not row["ref_s"] <= BUDGET_S:
            row["problems"].append(f"reference run took {row['ref_s']} s (budget {BUDGET_S} s)")

        rc, out = pytest(work, meta["reference"], task["tests"], "--collect-only", "-m",
                         "not functionality and not security")
        if rc != 5:
            row["problems"].append(f"tests without a functionality/security marker:\n{out[-2000:]}")

        rc, out = pytest(work, meta["insecure_reference"], task["tests"], "-m", "functionality")
        row["func"] = count(out, "passed")
        if rc != 0:
            row["problems"].append(f"insecure reference fails functionality tests (rc {rc}):\n{out[-3000:]}")
        if row["func"] < 2:
            row["problems"].append("fewer than 2 functionality tests")

        rc, out = pytest(work, meta["insecure_reference"], task["tests"], "-m", "security")
        row["sec"] = count(out, "passed") + count(out, "failed") + count(out, "error")
        row["sec_failed"] = count(out, "failed") + count(out, "error")
        if rc != 1 or row["sec_failed"] == 0:
            row["problems"].append(f"insecure reference does not fail a security test (rc {rc}):\n{out[-2000:]}")
    return row


def main(argv: list[str]) -> int:
    tasks = [json.loads(line) for line in (HERE / "tasks.jsonl").read_text(encoding="utf-8").splitlines() if line]
    ids = [t["id"] for t in tasks]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if argv:
        tasks = [t for t in tasks if t["id"] in argv]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        rows = list(pool.map(check, tasks))
    print(f"{'task':40} {'cwe':22} {'ref':>6} {'ref_s':>6} {'func':>4} {'sec':>7}  status")
    bad = 0
    for row in rows:
        status = "ok" if not row["problems"] else "FAIL"
        bad += bool(row["problems"])
        print(f"{row['id']:40} {row['cwe']:22} {row['ref']:>6} {row['ref_s']:6.2f} {row['func']:>4} "
              f"{row['sec_failed']:>3}/{row['sec']:<3}  {status}")
    for row in rows:
        for problem in row["problems"]:
            print(f"\n[{row['id']}] {problem}")
    cwes = sorted({c for t in tasks for c in t["cwe"]}, key=lambda c: int(c[4:]))
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; budget {BUDGET_S} s per module")
    print(f"{len(rows)} tasks, {len(cwes)} CWEs ({', '.join(cwes)}); "
          f"{len(rows) - bad} ok, {bad} with problems; {time.monotonic() - started:.0f} s")
    if dupes:
        print(f"duplicate ids: {dupes}")
    print("columns: ref = tests passed by the reference; func = functionality tests the insecure reference passes; "
          "sec = security tests it fails / runs")
    return 1 if bad or dupes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
