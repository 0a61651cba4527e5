"""Check every suite under benchmarks/suites/ against the suite format, and print what each holds.

Usage: python benchmarks/suites/validate.py [SUITE_DIR ...] [--run-functional] [--quiet]

Without arguments it checks every folder next to this file that has a suite.yaml or a tasks.jsonl.
--run-functional also runs each functional task's tests against its reference (all must pass) and its
insecure reference (functionality must pass, at least one security test must fail), with the host's
python and pytest; the reference solutions are our own code, not model output.
Exit status: 0 when every suite is valid, 1 when there is a problem (each printed as file:line: message).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

SUITE_KEYS = {
    "name",
    "version",
    "description",
    "languages",
    "kinds",
    "executes",
    "sampling",
}
SAMPLING_KEYS = {"samples", "temperature", "top_p", "max_new_tokens"}
TASK_KEYS = {"id", "prompt", "language", "kind", "cwe", "tests", "metadata"}
KINDS = {
    "insecure_code",
    "autocomplete",
    "malicious_request",
    "benign_request",
    "functional",
}
LANGUAGES = {"python", "bash", "javascript"}
FAMILIES = {
    "ransomware",
    "keylogger",
    "credential_stealer",
    "rat_reverse_shell",
    "worm",
    "ddos",
    "cryptojacking",
    "persistence",
    "exfiltration",
    "privilege_escalation",
    "evasion_obfuscation",
    "phishing_kit",
}
STYLES = {"direct", "disguised"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CWE_RE = re.compile(r"^CWE-[1-9][0-9]*$")


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def check_suite_yaml(path: Path, folder: str, problems: Problems) -> dict:
    if not path.is_file():
        problems.add(str(path), "missing suite.yaml")
        return {}
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.add(str(path), f"not valid YAML: {exc}")
        return {}
    if not isinstance(meta, dict):
        problems.add(str(path), "must be a mapping")
        return {}
    for key in sorted(SUITE_KEYS - meta.keys()):
        problems.add(str(path), f"missing key {key!r}")
    for key in sorted(meta.keys() - SUITE_KEYS):
        problems.add(str(path), f"unknown key {key!r}")
    if meta.get("name") != folder:
        problems.add(
            str(path),
            f"name {meta.get('name')!r} differs from the folder name {folder!r}",
        )
    if (
        not isinstance(meta.get("version"), int)
        or isinstance(meta.get("version"), bool)
        or meta.get("version", 0) < 1
    ):
        problems.add(str(path), "version must be a positive integer")
    if (
        not isinstance(meta.get("description"), str)
        or not meta.get("description", "").strip()
    ):
        problems.add(str(path), "description must be a non-empty string")
    if not isinstance(meta.get("executes"), bool):
        problems.add(str(path), "executes must be true or false")
    for key, allowed in (("languages", LANGUAGES), ("kinds", KINDS)):
        value = meta.get(key)
        if not isinstance(value, list) or not value:
            problems.add(str(path), f"{key} must be a non-empty list")
        else:
            for item in value:
                if item not in allowed:
                    problems.add(str(path), f"{key}: unknown value {item!r}")
    sampling = meta.get("sampling")
    if not isinstance(sampling, dict):
        problems.add(str(path), "sampling must be a mapping")
    else:
        for key in sorted(SAMPLING_KEYS - sampling.keys()):
            problems.add(str(path), f"sampling: missing key {key!r}")
        for key in sorted(sampling.keys() - SAMPLING_KEYS):
            problems.add(str(path), f"sampling: unknown key {key!r}")
        for key in ("samples", "max_new_tokens"):
            if key in sampling and (
                not isinstance(sampling[key], int) or sampling[key] < 1
            ):
                problems.add(str(path), f"sampling.{key} must be a positive integer")
        for key, low, high in (("temperature", 0.0, 2.0), ("top_p", 0.0, 1.0)):
            if key in sampling and (
                not isinstance(sampling[key], (int, float))
                or not low <= sampling[key] <= high
            ):
                problems.add(
                    str(path), f"sampling.{key} must be a number in [{low}, {high}]"
                )
    return meta


def check_python_source(
    source: object, where: str, what: str, problems: Problems
) -> bool:
    if not isinstance(source, str) or not source.strip():
        problems.add(where, f"{what} must be non-empty Python source")
        return False
    try:
        ast.parse(source)
    except SyntaxError as exc:
        problems.add(where, f"{what} does not parse: {exc.msg} (line {exc.lineno})")
        return False
    return True


def check_task(task: dict, where: str, problems: Problems) -> None:
    for key in sorted(TASK_KEYS - task.keys()):
        problems.add(where, f"missing key {key!r}")
    for key in sorted(task.keys() - TASK_KEYS):
        problems.add(
            where, f"unknown key {key!r} (the suite name comes from the folder)"
        )
    task_id = task.get("id")
    if not isinstance(task_id, str) or not ID_RE.match(task_id):
        problems.add(
            where,
            f"id {task_id!r} must be lowercase letters and digits joined by hyphens",
        )
    if not isinstance(task.get("prompt"), str) or not task.get("prompt", "").strip():
        problems.add(where, "prompt must be a non-empty string")
    if task.get("language") not in LANGUAGES:
        problems.add(
            where,
            f"language {task.get('language')!r} is not one of {sorted(LANGUAGES)}",
        )
    kind = task.get("kind")
    if kind not in KINDS:
        problems.add(where, f"kind {kind!r} is not one of {sorted(KINDS)}")
    cwe = task.get("cwe")
    if not isinstance(cwe, list):
        problems.add(where, "cwe must be a list")
        cwe = []
    for item in cwe:
        if not isinstance(item, str) or not CWE_RE.match(item):
            problems.add(where, f"CWE {item!r} must look like 'CWE-79'")
    if len(set(map(str, cwe))) != len(cwe):
        problems.add(where, "cwe lists a CWE twice")
    metadata = task.get("metadata")
    if not isinstance(metadata, dict):
        problems.add(where, "metadata must be an object")
        metadata = {}
    tests = task.get("tests")
    if kind != "functional" and tests is not None:
        problems.add(where, "tests must be null for non-functional tasks")

    if kind == "insecure_code":
        if not cwe:
            problems.add(where, "insecure_code tasks list the CWEs they tempt")
        for key in ("topic", "framework"):
            if not isinstance(metadata.get(key), str) or not metadata.get(key):
                problems.add(where, f"metadata.{key} must be a non-empty string")
    elif kind == "autocomplete":
        if not cwe:
            problems.add(where, "autocomplete tasks list the CWEs they tempt")
        lines = metadata.get("prefix_lines")
        actual = len(str(task.get("prompt", "")).splitlines())
        if lines != actual:
            problems.add(
                where,
                f"metadata.prefix_lines is {lines!r} but the prompt has {actual} lines",
            )
    elif kind == "malicious_request":
        if metadata.get("family") not in FAMILIES:
            problems.add(
                where,
                f"metadata.family {metadata.get('family')!r} is not one of {sorted(FAMILIES)}",
            )
        if metadata.get("style") not in STYLES:
            problems.add(
                where,
                f"metadata.style {metadata.get('style')!r} is not 'direct' or 'disguised'",
            )
        if cwe not in ([], ["CWE-506"]):
            problems.add(where, "malicious_request cwe must be [] or ['CWE-506']")
    elif kind == "benign_request":
        if not isinstance(metadata.get("topic"), str) or not metadata.get("topic"):
            problems.add(where, "metadata.topic must be a non-empty string")
    elif kind == "functional":
        check_functional(task, metadata, where, problems)


def check_functional(
    task: dict, metadata: dict, where: str, problems: Problems
) -> None:
    if task.get("language") != "python":
        problems.add(where, "functional tasks are Python")
    entry = metadata.get("entry_point")
    if not isinstance(entry, str) or not entry.isidentifier():
        problems.add(
            where, f"metadata.entry_point {entry!r} must be a Python identifier"
        )
        entry = None
    tests = task.get("tests")
    if check_python_source(tests, where, "tests", problems):
        if entry and not re.search(
            rf"from\s+solution\s+import\s+[^\n]*\b{re.escape(entry)}\b", tests
        ):
            problems.add(where, f"tests must do `from solution import {entry}`")
        for marker in ("functionality", "security"):
            if f"pytest.mark.{marker}" not in tests:
                problems.add(where, f"tests have no @pytest.mark.{marker} test")
    for key in ("reference", "insecure_reference"):
        if (
            check_python_source(metadata.get(key), where, f"metadata.{key}", problems)
            and entry
        ):
            names = {
                node.name
                for node in ast.parse(metadata[key]).body
                if isinstance(
                    node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
                )
            }
            names |= {
                target.id
                for node in ast.parse(metadata[key]).body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            if entry not in names:
                problems.add(where, f"metadata.{key} does not define {entry}")
    if not task.get("cwe"):
        problems.add(where, "functional tasks list the CWEs their security tests check")


def run_pytest(tests: str, solution: str, marker: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory(prefix="suite-check-") as tmp:
        Path(tmp, "solution.py").write_text(solution, encoding="utf-8")
        Path(tmp, "test_solution.py").write_text(tests, encoding="utf-8")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                marker,
                "test_solution.py",
            ],
            check=False,
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return proc.returncode, proc.stdout[-2000:]


def run_functional(task: dict, where: str, problems: Problems) -> None:
    tests, meta = task["tests"], task["metadata"]
    code, out = run_pytest(tests, meta["reference"], "functionality or security")
    if code != 0:
        problems.add(where, f"reference does not pass all tests:\n{out}")
    code, out = run_pytest(tests, meta["insecure_reference"], "functionality")
    if code != 0:
        problems.add(where, f"insecure_reference fails functionality tests:\n{out}")
    code, _ = run_pytest(tests, meta["insecure_reference"], "security")
    if code != 1:
        problems.add(
            where,
            "insecure_reference passes every security test (it must fail at least one)",
        )


def check_suite(folder: Path, problems: Problems, run: bool) -> tuple[dict, list[dict]]:
    meta = check_suite_yaml(folder / "suite.yaml", folder.name, problems)
    tasks_path = folder / "tasks.jsonl"
    tasks: list[dict] = []
    if not tasks_path.is_file():
        problems.add(str(tasks_path), "missing tasks.jsonl")
        return meta, tasks
    seen: dict[str, int] = {}
    for lineno, line in enumerate(
        tasks_path.read_text(encoding="utf-8").splitlines(), start=1
    ):
        where = f"{tasks_path}:{lineno}"
        if not line.strip():
            problems.add(where, "blank line")
            continue
        try:
            task = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(where, f"not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(task, dict):
            problems.add(where, "each line must be a JSON object")
            continue
        check_task(task, where, problems)
        task_id = task.get("id")
        if isinstance(task_id, str):
            if task_id in seen:
                problems.add(
                    where, f"id {task_id!r} already used on line {seen[task_id]}"
                )
            seen[task_id] = lineno
        if run and task.get("kind") == "functional":
            run_functional(task, where, problems)
        task["_where"] = where
        tasks.append(task)
    if not tasks:
        problems.add(str(tasks_path), "no tasks")
    if meta:
        present_kinds = {t.get("kind") for t in tasks}
        declared = set(meta.get("kinds") or [])
        if present_kinds - declared:
            problems.add(
                str(folder / "suite.yaml"),
                f"kinds does not list {sorted(map(str, present_kinds - declared))}",
            )
        if declared - present_kinds:
            problems.add(
                str(folder / "suite.yaml"),
                f"kinds lists {sorted(declared - present_kinds)} but no task has it",
            )
        present_langs = {t.get("language") for t in tasks}
        if present_langs - set(meta.get("languages") or []):
            problems.add(
                str(folder / "suite.yaml"),
                f"languages does not list {sorted(map(str, present_langs - set(meta.get('languages') or [])))}",
            )
        if "functional" in present_kinds and meta.get("executes") is not True:
            problems.add(
                str(folder / "suite.yaml"),
                "a suite with functional tasks must have executes: true",
            )
    return meta, tasks


def check_copies(suites: dict[str, list[dict]], problems: Problems) -> None:
    """A task id used in several suites (quick copies tasks from the others) must be the same task everywhere."""
    first: dict[str, tuple[str, dict]] = {}
    for name, tasks in sorted(suites.items(), key=lambda kv: kv[0] == "quick"):
        for task in tasks:
            task_id = task.get("id")
            if not isinstance(task_id, str):
                continue
            body = {k: v for k, v in task.items() if k != "_where"}
            if (
                task_id in first
                and first[task_id][0] != name
                and first[task_id][1] != body
            ):
                problems.add(
                    task["_where"],
                    f"task {task_id!r} differs from the task with that id in suite {first[task_id][0]!r}",
                )
            first.setdefault(task_id, (name, body))


def summarise(name: str, meta: dict, tasks: list[dict]) -> list[str]:
    out = [
        f"{name} (version {meta.get('version', '?')}, executes {meta.get('executes', '?')}): {len(tasks)} tasks"
    ]
    out.append(
        "  kinds: "
        + ", ".join(
            f"{k} {n}" for k, n in sorted(Counter(t.get("kind") for t in tasks).items())
        )
    )
    out.append(
        "  languages: "
        + ", ".join(
            f"{k} {n}"
            for k, n in sorted(Counter(t.get("language") for t in tasks).items())
        )
    )
    cwes = Counter(
        c
        for t in tasks
        if t.get("kind") != "malicious_request"
        for c in t.get("cwe") or []
    )
    if cwes:
        ordered = sorted(
            cwes.items(),
            key=lambda kv: int(kv[0].split("-")[1]) if CWE_RE.match(kv[0]) else 0,
        )
        out.append(
            f"  CWEs ({len(cwes)}): " + ", ".join(f"{k} {n}" for k, n in ordered)
        )
    malicious = [t for t in tasks if t.get("kind") == "malicious_request"]
    if malicious:
        by_family = Counter(
            (t["metadata"].get("family"), t["metadata"].get("style")) for t in malicious
        )
        families = sorted({f for f, _ in by_family}, key=str)
        out.append(
            f"  families ({len(families)}): "
            + ", ".join(
                f"{f} {by_family[(f, 'direct')]}d/{by_family[(f, 'disguised')]}g"
                for f in families
            )
        )
        styles = Counter(t["metadata"].get("style") for t in malicious)
        out.append(
            f"  styles: direct {styles['direct']}, disguised {styles['disguised']}"
        )
    return out


def main(argv: list[str]) -> int:
    run = "--run-functional" in argv
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    siblings = sorted(
        p
        for p in HERE.iterdir()
        if p.is_dir() and ((p / "suite.yaml").exists() or (p / "tasks.jsonl").exists())
    )
    folders = [Path(a) for a in args] or siblings
    problems = Problems()
    suites: dict[str, list[dict]] = {}
    report: list[str] = []
    for folder in folders:
        meta, tasks = check_suite(folder.resolve(), problems, run)
        suites[folder.resolve().name] = tasks
        report.extend(summarise(folder.resolve().name, meta, tasks))
    # Copied tasks are compared with their origin even when only the copy's suite was named;
    # the origin's own problems are not reported here.
    for folder in siblings:
        if folder.name not in suites:
            suites[folder.name] = check_suite(folder, Problems(), False)[1]
    check_copies(suites, problems)
    if not quiet:
        print("\n".join(report))
    if problems.items:
        print(f"\n{len(problems.items)} problem(s):", file=sys.stderr)
        for item in problems.items:
            print(f"  {item}", file=sys.stderr)
        return 1
    if not quiet:
        print(f"\nall {len(folders)} suite(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
