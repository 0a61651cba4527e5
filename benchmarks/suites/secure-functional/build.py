"""Assemble tasks.jsonl from the task sources in src/ (one `<id>.task` file per task).

A task source is split into sections by lines `### <name>`: meta (JSON: cwe, entry_point, topic), prompt,
reference, insecure, tests. Run `python build.py` after editing a source; check_references.py verifies the result.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = ("meta", "prompt", "reference", "insecure", "tests")


def parse(path: Path) -> dict:
    parts: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("### ") and line[4:].strip() in SECTIONS:
            current = line[4:].strip()
            if current in parts:
                raise SystemExit(f"{path.name}: section {current} appears twice")
            parts[current] = []
        elif current is None:
            if line.strip():
                raise SystemExit(f"{path.name}: text before the first section")
        else:
            parts[current].append(line)
    missing = [s for s in SECTIONS if s not in parts]
    if missing:
        raise SystemExit(f"{path.name}: missing sections {missing}")
    text = {k: "".join(v).strip("\n") + "\n" for k, v in parts.items()}
    meta = json.loads(text["meta"])
    return {
        "id": path.stem,
        "prompt": text["prompt"].strip(),
        "language": "python",
        "kind": "functional",
        "cwe": meta["cwe"],
        "tests": text["tests"],
        "metadata": {
            "entry_point": meta["entry_point"],
            "topic": meta["topic"],
            "reference": text["reference"],
            "insecure_reference": text["insecure"],
        },
    }


def main() -> int:
    tasks = [parse(p) for p in sorted((HERE / "src").glob("*.task"))]
    with open(HERE / "tasks.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(task, ensure_ascii=False) + "\n" for task in tasks)
    print(f"wrote {len(tasks)} tasks to tasks.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
