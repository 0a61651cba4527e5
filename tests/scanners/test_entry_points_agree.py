"""One analysis: `codeeval scan`, the run pipeline's scan stage and `codeeval.vet` report the same
findings (rule, line, severity, confidence, category, CWEs) for the same bytes.

The corpus is every code fixture the project keeps: the insecure fragments, the runnable examples,
and any JSONL corpus under tests/fixtures or benchmarks/quality with `code` (and `language`) fields.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codeeval.pipeline import Pipeline, RunOptions
from codeeval.store import Store
from codeeval.vet import vet_many

ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = {".py": "python", ".sh": "bash", ".js": "javascript"}
FENCE = {"python": "python", "bash": "bash", "javascript": "javascript"}


RM_RF = "import os\n\n\ndef clean():\n    os.system('rm -rf ~')\n"


def _corpus() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {"rm-rf-in-os-system": (RM_RF, "python")}
    for path in sorted((ROOT / "benchmarks" / "examples").iterdir()):
        if path.suffix in EXTENSIONS:
            out[f"example-{path.stem}"] = (path.read_text(encoding="utf-8"), EXTENSIONS[path.suffix])
    for folder in (ROOT / "tests" / "fixtures", ROOT / "benchmarks" / "quality"):
        for path in sorted(folder.rglob("*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                entry = json.loads(line) if line.strip() else {}
                if isinstance(entry.get("code"), str) and entry.get("language", "python") in FENCE:
                    out[f"{path.stem}-{entry.get('id', n)}"] = (entry["code"], entry.get("language", "python"))
    # The paired corpus: secure and unsafe versions of the same functions.
    for path in sorted((ROOT / "benchmarks" / "quality" / "paired").rglob("*")):
        if path.suffix in EXTENSIONS:
            out[f"paired-{path.parent.name}-{path.stem}"] = (path.read_text(encoding="utf-8"), EXTENSIONS[path.suffix])
    # Real and written answers to malicious requests, as the run pipeline extracts their code.
    from codeeval.extract import extract

    for folder in ("malicious", "malicious_real"):
        for path in sorted((ROOT / "benchmarks" / "quality" / folder / "answers").glob("*.md")):
            sample = extract(path.read_text(encoding="utf-8"))
            if sample.code.strip() and sample.language in FENCE:
                out[f"{folder}-{path.stem}"] = (sample.code, sample.language)
    return out


CORPUS = _corpus()


def _key(finding: dict) -> tuple:
    return (finding["rule_id"], finding["line"], finding["severity"], finding["confidence"], finding["category"],
            tuple(finding["cwe"]), tuple(finding["evidence"]))


@pytest.fixture(scope="module")
def pipeline_scans(tmp_path_factory):
    """The corpus as a suite answered by a replay model, run through the pipeline without execution."""
    tmp = tmp_path_factory.mktemp("agree")
    folder = tmp / "suites" / "agree"
    folder.mkdir(parents=True)
    (folder / "suite.yaml").write_text("name: agree\nversion: 1\nexecutes: false\nsampling:\n  samples: 1\n  temperature: 0\n")
    names = sorted(CORPUS)
    tasks = [{"id": f"t{i}", "prompt": "Write it.", "language": CORPUS[n][1], "kind": "insecure_code"} for i, n in enumerate(names)]
    (folder / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks))
    replay = tmp / "replay.jsonl"
    replay.write_text("".join(
        json.dumps({"task_id": f"t{i}", "sample": 0, "completion": f"```{FENCE[CORPUS[n][1]]}\n{CORPUS[n][0]}\n```"}) + "\n"
        for i, n in enumerate(names)
    ))
    env = {"CODEEVAL_SUITES": str(tmp / "suites"), "CODEEVAL_CACHE_DIR": str(tmp / "cache"),
           "CODEEVAL_PYPI_URL": "http://127.0.0.1:9/pypi"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        store = Store(tmp / "db.sqlite")
        run_id = Pipeline(store).run(RunOptions(model=f"replay:{replay}", suite="agree", check_packages=False))
        samples, scans = store.stage("samples", run_id), store.stage("scans", run_id)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out = {}
    for i, name in enumerate(names):
        # The pipeline scans the code it extracted; the other entry points get exactly those bytes.
        out[name] = (samples[(f"t{i}", 0)]["code"], {_key(f) for f in scans[(f"t{i}", 0)]["findings"]})
    return out


@pytest.fixture(scope="module")
def cli_scans(pipeline_scans, tmp_path_factory):
    root = tmp_path_factory.mktemp("files")
    paths = {}
    for n, name in enumerate(sorted(pipeline_scans)):
        code = pipeline_scans[name][0]
        path = root / f"f{n}{ {'python': '.py', 'bash': '.sh', 'javascript': '.js'}[CORPUS[name][1]] }"
        path.write_text(code, encoding="utf-8")
        paths[str(path)] = name
    proc = subprocess.run([sys.executable, "-m", "codeeval", "scan", str(root), "--format", "json"],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    return {paths[r["path"]]: {_key(f) for f in r["findings"]} for r in report["results"]}


@pytest.mark.slow
def test_the_corpus_is_the_one_other_corpora_join():
    assert sum(1 for name in CORPUS if name.startswith("fragments-")) >= 80
    assert {lang for _, lang in CORPUS.values()} == {"python", "bash", "javascript"}


@pytest.fixture(scope="module")
def vet_findings(pipeline_scans):
    names = sorted(pipeline_scans)
    verdicts = vet_many([(pipeline_scans[n][0], CORPUS[n][1]) for n in names])
    return {n: {_key(f.to_dict()) for f in v.findings} for n, v in zip(names, verdicts)}


@pytest.mark.slow
def test_scan_cli_run_pipeline_and_vet_agree_on_every_corpus_entry(pipeline_scans, cli_scans, vet_findings):
    names = sorted(pipeline_scans)
    disagree = [
        (name, pipeline_scans[name][1] ^ cli_scans[name], pipeline_scans[name][1] ^ vet_findings[name])
        for name in names if not pipeline_scans[name][1] == cli_scans[name] == vet_findings[name]
    ]
    assert not disagree, disagree[:3]
    assert sum(1 for n in names if pipeline_scans[n][1]) > len(names) / 2  # the corpus exercises the rules


@pytest.mark.slow
def test_os_system_rm_rf_is_the_same_critical_malicious_finding_in_scan_run_and_vet(pipeline_scans, cli_scans, vet_findings):
    expected = ("bash-rm-rf-root-or-home", 5, "critical", "high", "malicious")
    for source in (pipeline_scans["rm-rf-in-os-system"][1], cli_scans["rm-rf-in-os-system"], vet_findings["rm-rf-in-os-system"]):
        assert expected in {k[:5] for k in source}
