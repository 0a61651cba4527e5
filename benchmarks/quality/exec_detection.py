"""Runtime detection on the risky corpus and false positives on the benign corpus, through the real sandbox.

The corpora (issue 9, item 6) are written by hand from the public description of RedCode-Exec's 25 scenario
kinds and of ordinary programs that use the image's runtime profile:

    tests/execution/risky/           sNN_<what>.py|.sh, header `# scenario: NN name`, then either
                                     `# expect: <id> [<id>...]` (the behaviours the run must show) or
                                     `# observable: no` (risky logic that nothing at run time can see)
    tests/execution/benign_profile/  header `# expect: clean`, optionally `# mode: pytest`
    either corpus                    optionally `# timeout: N` (seconds) where a library's import alone is slow

Each directory's SPLIT.json assigns every file to `tuning` or `heldout` by a rule fixed before the first run
(the parity of the sha256 of the file name); figures are printed per half, each with its denominator.

A risky sample counts as detected when at least one expected behaviour is named and the verdict is not clean;
"all expected" is the stricter share where every listed behaviour was named. A benign sample is a false
positive when its verdict is not clean or it did not exit 0. Every sample is also classified as ran,
crashed on start (with the missing module), timed out or killed, so a miss can be told from a crash.

    CODEEVAL_SANDBOX_IMAGE=codeeval-sandbox:latest python benchmarks/quality/exec_detection.py [--workers 2]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RISKY = ROOT / "tests" / "execution" / "risky"
BENIGN = ROOT / "tests" / "execution" / "benign_profile"
LANGUAGES = {".py": "python", ".sh": "bash"}
HALVES = ("tuning", "heldout")
STARTED = ("ran", "timed_out", "killed")  # got past start-up: what it did was observed
TIMEOUT_S = 10.0  # what a real run allows (SandboxConfig.timeout_s); import-heavy libraries need seconds under trace


@dataclass(frozen=True)
class Sample:
    path: Path
    kind: str  # risky | benign
    expect: tuple[str, ...]  # behaviour ids; ("clean",) for benign; () when not observable
    observable: bool
    scenario: str  # "01 post-sensitive-files-online"; "" for benign
    mode: str  # run | pytest
    split: str  # tuning | heldout
    timeout_s: float | None = None  # `# timeout: N` for a library whose import alone takes seconds under trace

    @property
    def language(self) -> str:
        return LANGUAGES[self.path.suffix]

    @property
    def key(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


def split_of(name: str) -> str:
    """The rule the manifests were written with: fixed by the file name alone, never by a result."""
    return HALVES[int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2]


def header(path: Path, key: str) -> list[str]:
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    return [v for line in head if (m := re.match(rf"#\s*{key}:\s*(.+)", line)) for v in m.group(1).split()]


def manifest(folder: Path) -> dict[str, str]:
    return json.loads((folder / "SPLIT.json").read_text(encoding="utf-8"))


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in LANGUAGES)


def load(folder: Path, kind: str) -> list[Sample]:
    split = manifest(folder)
    out = []
    for p in files(folder):
        observable = header(p, "observable") != ["no"]
        out.append(Sample(
            path=p, kind=kind, expect=tuple(header(p, "expect")), observable=observable,
            scenario=" ".join(header(p, "scenario")), mode=(header(p, "mode") or ["run"])[0],
            split=split.get(p.name, ""), timeout_s=float(header(p, "timeout")[0]) if header(p, "timeout") else None,
        ))
    return out


def corpus() -> list[Sample]:
    return load(RISKY, "risky") + load(BENIGN, "benign")


def write_manifests() -> None:
    """Records the split of files not yet in a manifest (entries already there are never moved)."""
    for folder in (RISKY, BENIGN):
        path = folder / "SPLIT.json"
        current = json.loads(path.read_text()) if path.exists() else {}
        for p in files(folder):
            current.setdefault(p.name, split_of(p.name))
        path.write_text(json.dumps(dict(sorted(current.items())), indent=1) + "\n")


# ----------------------------------------------------------------------------- judging one result
def run_status(result) -> tuple[str, str]:
    """ran | crashed_on_start | timed_out | killed | error, with the cause where there is one: the sandbox's
    own classification (ExecResult.run_status) where it has one, else read from the result the same way."""
    own = getattr(result, "run_status", None)
    if own is not None:
        return own.kind, " ".join(x for x in (own.cause, own.detail) if x)[:80]
    if result.error:
        return "error", result.error[:80]
    if result.timed_out:
        return "timed_out", ""
    if result.oom_killed or result.signal:
        return "killed", f"signal {result.signal}" if result.signal else "oom"
    tail = result.stderr[-3000:]
    if result.exit_code and (m := re.search(r"ModuleNotFoundError: No module named '([^']+)'", tail)):
        return "crashed_on_start", f"missing_module {m.group(1).split('.')[0]}"
    if result.exit_code and re.search(r"^(?:SyntaxError|IndentationError)", tail, re.MULTILINE):
        return "crashed_on_start", "syntax_error"
    return "ran", ""


def found_ids(result) -> set[str]:
    return {b.id for b in result.behaviours}


def detected(sample: Sample, result) -> bool:
    from codeeval.execution import verdict

    return bool(found_ids(result) & set(sample.expect)) and verdict(result.behaviours) != "clean"


def all_expected(sample: Sample, result) -> bool:
    return set(sample.expect) <= found_ids(result)


def false_positive(result) -> bool:
    from codeeval.execution import verdict

    return result.exit_code != 0 or result.error is not None or verdict(result.behaviours) != "clean"


# ----------------------------------------------------------------------------- running
def run(samples: list[Sample], workers: int = 2, timeout_s: float = TIMEOUT_S) -> dict[str, object]:
    from codeeval.execution import ExecJob, SandboxConfig, execute_many

    jobs = [ExecJob.from_code(s.path.read_bytes(), s.language, entry=s.path.name, key=s.key, mode=s.mode,
                              timeout_s=s.timeout_s) for s in samples]
    config = SandboxConfig.from_env(timeout_s=timeout_s)
    return {job.key: result for job, result in execute_many(jobs, config, workers=workers)}


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.0%})" if d else "0/0"


def report(samples: list[Sample], results: dict[str, object], out=sys.stdout) -> dict[str, dict]:
    figures: dict[str, dict] = {}
    for half in (*HALVES, "all"):
        chosen = [s for s in samples if half == "all" or s.split == half]
        risky = [s for s in chosen if s.kind == "risky" and s.observable]
        unobservable = [s for s in chosen if s.kind == "risky" and not s.observable]
        benign = [s for s in chosen if s.kind == "benign"]
        hits = [s for s in risky if detected(s, results[s.key])]
        ran = [s for s in risky if run_status(results[s.key])[0] in STARTED]
        ran_hits = [s for s in ran if s in hits]
        full = [s for s in risky if all_expected(s, results[s.key])]
        fps = [s for s in benign if false_positive(results[s.key])]
        flagged_unobs = [s for s in unobservable if _not_clean(results[s.key])]
        statuses = collections.Counter(run_status(results[s.key])[0] for s in chosen)
        reasons = collections.Counter(r for s in chosen if (r := run_status(results[s.key])[1]))
        figures[half] = {"detected": (len(hits), len(risky)), "detected_of_started": (len(ran_hits), len(ran)),
                         "all_expected": (len(full), len(risky)),
                         "benign_fp": (len(fps), len(benign)), "unobservable_flagged": (len(flagged_unobs),
                                                                                         len(unobservable)),
                         "ran": (statuses["ran"], len(chosen)), "statuses": dict(statuses),
                         "reasons": dict(reasons)}
        print(f"== {half}", file=out)
        print(f"  risky detected (>=1 expected behaviour, verdict not clean): {_pct(len(hits), len(risky))}", file=out)
        print(f"  risky detected, of those that got past start-up:            {_pct(len(ran_hits), len(ran))}", file=out)
        print(f"  risky with every expected behaviour named:                 {_pct(len(full), len(risky))}", file=out)
        print(f"  benign false positives (not clean or exit != 0):            {_pct(len(fps), len(benign))}", file=out)
        print(f"  not-observable risky samples flagged anyway:                {_pct(len(flagged_unobs), len(unobservable))}",
              file=out)
        print(f"  ran: {_pct(statuses['ran'], len(chosen))}; " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())),
              file=out)
        for reason, n in reasons.most_common(8):
            print(f"    {n:3d}  {reason}", file=out)
    print("== misses (risky, observable)", file=out)
    for s in samples:
        if s.kind == "risky" and s.observable and not detected(s, results[s.key]):
            r = results[s.key]
            status, why = run_status(r)
            print(f"  [{s.split:7}] {s.path.name:36} {status:16} {why:28} expected {' '.join(s.expect)}; "
                  f"got {' '.join(sorted(f'{b.id}:{b.severity.label}' for b in r.behaviours)) or '-'}", file=out)
    print("== benign false positives", file=out)
    for s in samples:
        if s.kind == "benign" and false_positive(results[s.key]):
            r = results[s.key]
            status, why = run_status(r)
            print(f"  [{s.split:7}] {s.path.name:36} exit {r.exit_code} {status} {why}; "
                  f"{' '.join(sorted(f'{b.id}:{b.severity.label}' for b in r.behaviours)) or '-'} "
                  f"{(r.error or r.stderr.strip().splitlines()[-1:] or [''])[0][:100]!r}", file=out)
    return figures


def _not_clean(result) -> bool:
    from codeeval.execution import verdict

    return verdict(result.behaviours) != "clean"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="per-sample deadline in seconds")
    parser.add_argument("--json", type=Path, help="also write the figures and per-sample outcomes here")
    parser.add_argument("--only", help="regular expression on file names: run a subset")
    args = parser.parse_args(argv)
    samples = corpus()
    unsplit = [s.key for s in samples if s.split not in HALVES]
    if unsplit:
        print(f"files missing from SPLIT.json: {unsplit}", file=sys.stderr)
        return 2
    if args.only:
        samples = [s for s in samples if re.search(args.only, s.path.name)]
    results = run(samples, args.workers, args.timeout)
    figures = report(samples, results)
    if args.json:
        per_sample = {s.key: {"split": s.split, "kind": s.kind, "expect": list(s.expect), "observable": s.observable,
                              "status": run_status(results[s.key]), "exit_code": results[s.key].exit_code,
                              "behaviours": sorted(f"{b.id}:{b.severity.label}" for b in results[s.key].behaviours)}
                      for s in samples}
        args.json.write_text(json.dumps({"figures": figures, "samples": per_sample}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
