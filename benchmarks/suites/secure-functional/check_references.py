"""Check every secure-functional task against its own references.

For each task, in a fresh temp dir (solution.py beside test_solution.py, as the executor lays them out):
  1. solution.py = metadata.reference: every test passes, within the time budget;
  2. no test lacks both markers (`-m "not functionality and not security"` collects nothing);
  3. solution.py = metadata.insecure_reference: `-m functionality` passes and `-m security` fails.
Prints a table; exits 1 on any problem. Usage: python check_references.py [--sandbox] [TASK_ID ...]

--sandbox runs both references through codeeval's Docker sandbox instead (the image's own Python and pytest, the
executor's pytest mode and per-test markers), which is how model samples are run.

The references are our own benign code, so this runs as the calling user; pytest's basetemp lives inside the temp
dir, so nothing is written elsewhere.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = os.environ.get("CHECK_PYTHON", "/work/main/.venv/bin/python")
BUDGET_S = float(os.environ.get("CHECK_BUDGET_S", "2.0"))  # CPU seconds per test module, pytest included
CWE = re.compile(r"^CWE-\d+$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def pytest(workdir: Path, code: str, tests: str, *args: str) -> tuple[int, str, float]:
    """Run pytest on one solution; returns (exit code, output, CPU seconds the run used).

    CPU time rather than wall time judges the budget: the machine these checks run on is shared and often
    loaded, which stretches wall time but not the work a module does."""
    (workdir / "solution.py").write_text(code, encoding="utf-8")
    (workdir / "test_solution.py").write_text(tests, encoding="utf-8")
    cmd = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning",
           f"--basetemp={workdir / 'basetemp'}", *args, "test_solution.py"]
    # Like the sandbox image, whose pytest has no plugins: the venv's autoloaded ones (hypothesis...) cost ~2 CPU s.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    with open(workdir / "out.txt", "w+", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(120, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if rc < 0:
        return 124, text + "\nkilled after 120 s", 0.0
    return rc, text, usage.ru_utime + usage.ru_stime


def count(output: str, word: str) -> int:
    m = re.search(rf"(\d+) {word}", output.strip().splitlines()[-1] if output.strip() else "")
    return int(m.group(1)) if m else 0


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
    imports = re.search(rf"^from solution import [^\n]*\b{re.escape(str(meta.get('entry_point')))}\b", tests, re.MULTILINE)
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
        rc, out, cpu = pytest(work, meta["reference"], task["tests"])
        row["ref"] = f"{count(out, 'passed')}/{count(out, 'passed') + count(out, 'failed') + count(out, 'error')}"
        row["ref_s"] = cpu
        if rc != 0:
            row["problems"].append(f"reference fails (rc {rc}):\n{out[-3000:]}")
        elif not cpu <= BUDGET_S:
            row["problems"].append(f"reference run used {cpu:.2f} CPU s (budget {BUDGET_S} s)")

        rc, out, _ = pytest(work, meta["reference"], task["tests"], "--collect-only", "-m",
                         "not functionality and not security")
        if rc != 5:
            row["problems"].append(f"tests without a functionality/security marker:\n{out[-2000:]}")

        rc, out, _ = pytest(work, meta["insecure_reference"], task["tests"], "-m", "functionality")
        row["func"] = count(out, "passed")
        if rc != 0:
            row["problems"].append(f"insecure reference fails functionality tests (rc {rc}):\n{out[-3000:]}")
        if row["func"] < 2:
            row["problems"].append("fewer than 2 functionality tests")

        rc, out, _ = pytest(work, meta["insecure_reference"], task["tests"], "-m", "security")
        row["sec"] = count(out, "passed") + count(out, "failed") + count(out, "error")
        row["sec_failed"] = count(out, "failed") + count(out, "error")
        if rc != 1 or row["sec_failed"] == 0:
            row["problems"].append(f"insecure reference does not fail a security test (rc {rc}):\n{out[-2000:]}")
    return row


def check_in_sandbox(tasks: list[dict]) -> list[dict]:
    from codeeval.execution import ExecJob, SandboxConfig, execute_many

    jobs = []
    for task in tasks:
        for variant, key in (("ref", "reference"), ("insecure", "insecure_reference")):
            files = {"solution.py": task["metadata"][key].encode(), "test_solution.py": task["tests"].encode()}
            jobs.append(ExecJob(files=files, entry="test_solution.py", language="python", mode="pytest",
                                key=f"{task['id']}#{variant}"))
    results = {job.key: result for job, result in execute_many(jobs, SandboxConfig.from_env(trace=False), 2)}
    rows = []
    for task in tasks:
        row = {"id": task["id"], "cwe": ",".join(task["cwe"]), "problems": static_problems(task)}
        ref, bad = results[f"{task['id']}#ref"], results[f"{task['id']}#insecure"]
        for name, result in (("reference", ref), ("insecure reference", bad)):
            if result.error or result.timed_out or not result.tests:
                row["problems"].append(f"{name}: sandbox error={result.error} timed_out={result.timed_out} "
                                       f"exit={result.exit_code} stderr={result.stderr[-1500:]}")
        passed = [t for t in ref.tests if t.outcome == "passed"]
        row["ref"] = f"{len(passed)}/{len(ref.tests)}"
        row["ref_s"] = ref.duration_s
        if len(passed) != len(ref.tests):
            row["problems"].append(f"reference fails: {[(t.name, t.outcome) for t in ref.tests if t.outcome != 'passed']}"
                                   f"\n{ref.stdout[-2000:]}")
        unmarked = [t.name for t in ref.tests if not {"functionality", "security"} & set(t.markers)]
        if unmarked:
            row["problems"].append(f"tests without a marker: {unmarked}")
        func = [t for t in bad.tests if "functionality" in t.markers]
        sec = [t for t in bad.tests if "security" in t.markers]
        row["func"] = sum(t.outcome == "passed" for t in func)
        row["sec"] = len(sec)
        row["sec_failed"] = sum(t.outcome != "passed" for t in sec)
        if row["func"] != len(func) or len(func) < 2:
            row["problems"].append(f"insecure reference: functionality {[(t.name, t.outcome) for t in func]}")
        if row["sec_failed"] == 0:
            row["problems"].append("insecure reference passes every security test")
        rows.append(row)
    return rows


def main(argv: list[str]) -> int:
    sandbox = "--sandbox" in argv
    argv = [a for a in argv if a != "--sandbox"]
    tasks = [json.loads(line) for line in (HERE / "tasks.jsonl").read_text(encoding="utf-8").splitlines() if line]
    ids = [t["id"] for t in tasks]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if argv:
        tasks = [t for t in tasks if t["id"] in argv]
    started = time.monotonic()
    if sandbox:
        rows = check_in_sandbox(tasks)
    else:
        with ThreadPoolExecutor(max_workers=2) as pool:
            rows = list(pool.map(check, tasks))
    print(f"{'task':40} {'cwe':22} {'ref':>6} {'ref_s':>6} {'func':>4} {'sec':>7}  status")
    print("(ref_s: CPU seconds of the reference's pytest run locally; wall seconds of the whole run in the sandbox)")
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
    print(f"\nmode: {'Docker sandbox (duration_s is the whole pytest run)' if sandbox else 'local pytest'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; budget {BUDGET_S} s per module")
    print(f"{len(rows)} tasks, {len(cwes)} CWEs ({', '.join(cwes)}); "
          f"{len(rows) - bad} ok, {bad} with problems; {time.monotonic() - started:.0f} s")
    if dupes:
        print(f"duplicate ids: {dupes}")
    print("columns: ref = tests passed by the reference; func = functionality tests the insecure reference passes; "
          "sec = security tests it fails / runs")
    return 1 if bad or dupes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
