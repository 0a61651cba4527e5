"""Share of the top-level imports of model-facing Python code that the sandbox image can satisfy.

The import corpus (issue 9): every Python source the sandbox is expected to run, cut to its top-level
module names (ast; a regex over import lines where the text does not parse, as in prompts with a code
prefix or truncated completions):

    heldout  the suites' reference solutions (secure-functional's reference and insecure_reference),
             the code of completions stored by real runs (codeeval stores given on the command line), and
             the model-style completions and fragments of tests/fixtures (extraction and scanner fixtures)
    tuning   the suites' task prompts and tests, this repository's execution corpora
             (tests/execution/risky, benign_profile, hostile, benign, fixtures)

The held-out half is what the profile is judged on; the tuning half is what a profile list may be read
from. A name counts as satisfied when `importlib.util.find_spec` finds it inside the image (standard library
included, third-party by module name), run with no network:

    python benchmarks/quality/import_coverage.py --image codeeval-sandbox:latest [--store out/demo.db ...]
"""

from __future__ import annotations

import argparse
import ast
import collections
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITES = ROOT / "benchmarks" / "suites"
CORPORA = [ROOT / "tests" / "execution" / d for d in ("risky", "benign_profile", "hostile", "benign", "fixtures")]
# Modules a task provides itself: the solution under test and the sandbox's own pytest plugin.
LOCAL = {"solution", "codeeval_pytest_report", "__future__"}
IMPORT_LINE = re.compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import\b|import\s+([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*))",
                         re.MULTILINE)
FENCE = re.compile(r"```[ \t]*(?:python|py|python3)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)


def top_level_imports(code: str) -> set[str]:
    """Absolute imports' first component; relative imports are the program's own."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return _imports_by_regex(code)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - LOCAL


def _imports_by_regex(code: str) -> set[str]:
    names = set()
    for m in IMPORT_LINE.finditer(code):
        if m.group(1):
            names.add(m.group(1).split(".")[0])
        else:
            names.update(part.strip().split(".")[0].split()[0] for part in m.group(2).split(","))
    return names - LOCAL


def code_in_text(text: str) -> str:
    """The fenced Python in a prompt or completion, else the text itself."""
    blocks = FENCE.findall(text)
    return "\n".join(blocks) if blocks else text


# ----------------------------------------------------------------------------- sources
def suite_sources() -> Iterator[tuple[str, str, str]]:
    """(half, origin, code) from every suite's tasks."""
    for tasks in sorted(SUITES.glob("*/tasks.jsonl")):
        for line in tasks.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            task = json.loads(line)
            if task.get("language") not in (None, "python"):
                continue
            origin = f"{tasks.parent.name}/{task['id']}"
            yield "tuning", f"{origin}:prompt", code_in_text(task.get("prompt") or "")
            if task.get("tests"):
                yield "tuning", f"{origin}:tests", task["tests"]
            meta = task.get("metadata") or {}
            for key in ("reference", "insecure_reference"):
                if isinstance(meta.get(key), str):
                    yield "heldout", f"{origin}:{key}", meta[key]


def corpus_sources() -> Iterator[tuple[str, str, str]]:
    for folder in CORPORA:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                yield "tuning", str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")


def fixture_sources() -> Iterator[tuple[str, str, str]]:
    from codeeval.extract import extract

    for path in sorted((ROOT / "tests" / "fixtures" / "completions").glob("*.txt")):
        cs = extract(path.read_text(encoding="utf-8", errors="replace"), "python")
        if cs.language in ("python", "unknown"):
            yield "heldout", str(path.relative_to(ROOT)), cs.code
    fragments = ROOT / "tests" / "fixtures" / "fragments" / "fragments.jsonl"
    if fragments.exists():
        for line in fragments.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                yield "heldout", f"fragments/{entry.get('id')}", entry.get("code") or ""


def store_sources(paths: Iterable[Path]) -> Iterator[tuple[str, str, str]]:
    """Extracted code of stored samples; completions not extracted yet go through codeeval's extractor."""
    from codeeval.extract import extract

    for path in paths:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        seen = set()
        if "samples" in tables:
            for run_id, task_id, sample, record in db.execute("SELECT run_id, task_id, sample, record_json FROM samples"):
                rec = json.loads(record)
                seen.add((task_id, sample))
                if rec.get("language") in ("python", "unknown", None):
                    yield "heldout", f"{path.name}:{run_id}/{task_id}/{sample}", rec.get("code") or ""
        if "completions" in tables:
            for task_id, sample, text in db.execute("SELECT task_id, sample, text FROM completions"):
                if (task_id, sample) in seen:
                    continue
                cs = extract(text, "python")
                if cs.language in ("python", "unknown"):
                    yield "heldout", f"{path.name}:{task_id}/{sample}", cs.code
        db.close()


# ----------------------------------------------------------------------------- the image
PROBE = """
import importlib.util, json, sys
out = {}
for name in json.loads(sys.argv[1]):
    try:
        out[name] = importlib.util.find_spec(name) is not None
    except Exception:
        out[name] = False
print(json.dumps(out))
"""


def satisfied_in_image(image: str, names: Iterable[str]) -> dict[str, bool]:
    names = sorted(set(names))
    cmd = ["docker", "run", "--rm", "--network", "none", "--entrypoint", "python3", image, "-c", PROBE,
           json.dumps(names)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise SystemExit(f"probing {image} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- figures
def tally(sources: Iterable[tuple[str, str, str]]) -> dict[str, collections.Counter]:
    """half -> Counter(module name -> number of sources importing it)."""
    counts: dict[str, collections.Counter] = {"tuning": collections.Counter(), "heldout": collections.Counter()}
    for half, _origin, code in sources:
        counts[half].update(top_level_imports(code))
    return counts


def report(counts: dict[str, collections.Counter], ok: dict[str, bool], out=sys.stdout) -> dict[str, dict]:
    figures = {}
    for half in ("heldout", "tuning"):
        c = counts[half]
        total = sum(c.values())
        good = sum(n for name, n in c.items() if ok.get(name))
        distinct_ok = sum(1 for name in c if ok.get(name))
        missing = sorted(((n, name) for name, n in c.items() if not ok.get(name)), reverse=True)
        figures[half] = {"imports": (good, total), "distinct": (distinct_ok, len(c)),
                         "missing": {name: n for n, name in missing}}
        share = f"{good / total:.1%}" if total else "-"
        print(f"== {half}: {good}/{total} imports satisfied ({share}); distinct modules {distinct_ok}/{len(c)}",
              file=out)
        if missing:
            print("   unsatisfied: " + ", ".join(f"{name} ({n})" for n, name in missing), file=out)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--image", default=None, help="sandbox image tag (default: $CODEEVAL_SANDBOX_IMAGE or latest)")
    parser.add_argument("--store", type=Path, action="append", default=[], help="a codeeval SQLite store; repeatable")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    from codeeval.execution import SandboxConfig

    image = args.image or SandboxConfig.from_env().image
    sources = [*suite_sources(), *corpus_sources(), *fixture_sources(), *store_sources(args.store)]
    print(f"sources: {collections.Counter(h for h, _, _ in sources)} (stores: {len(args.store)}); image {image}")
    counts = tally(sources)
    ok = satisfied_in_image(image, set(counts["tuning"]) | set(counts["heldout"]))
    figures = report(counts, ok)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
