"""Vet code before it runs: scan it (and optionally run it in the sandbox), then apply a policy.

    from codeeval import vet
    v = vet("import os\\nos.system('rm -rf ~')")     # Verdict(verdict='block', reasons=(...), ...)

The verdict is `allow`, `warn` or `block`; every reason names the rule or behaviour, its CWEs and
severity, the line or events behind it, and why the policy gave it that effect.

The findings come from `codeeval.scanners.analyse`, the same analysis `codeeval scan` and the run
pipeline use; this module only applies a policy to them. Repeated calls are cheap because no tool
starts per call where it can be avoided: concurrent calls are micro-batched (calls arriving while a
batch runs, or within `window_s` of an idle start, share the next analysis), so they share one
Semgrep process, which costs about the same for 16 files as for one since loading the rule set
dominates; Bandit runs in-process for such small batches.
Everything here is safe to call from many threads at once.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from codeeval._public import make_callable
from codeeval.errors import CodeevalError
from codeeval.languages import SCANNED, normalise_tag
from codeeval.policy import EFFECTS, Policy, load_policy
from codeeval.scanners.base import ScanConfig, ScanInput
from codeeval.types import Behaviour, ExecResult, Finding, Record, ScanResult, Severity

__all__ = ["Reason", "Verdict", "Vetter", "unanalysed_verdict", "vet", "vet_many", "worst"]


@dataclass(frozen=True)
class Reason(Record):
    kind: str  # finding | behaviour | scan | execution
    id: str  # rule id, behaviour id, or "unparsed" / "sandbox_error"
    effect: str  # allow | warn | block: what this reason did to the verdict
    why: str  # the policy clause that gave it that effect
    severity: Severity = Severity.INFO
    cwe: tuple[str, ...] = ()
    line: int | None = None  # findings: the line in the code as given
    category: str | None = None  # findings: security | malicious
    evidence: tuple[Any, ...] = ()  # findings: every engine:rule that reported it; behaviours: the events
    message: str = ""


@dataclass(frozen=True)
class Verdict(Record):
    verdict: str  # allow | warn | block
    reasons: tuple[Reason, ...] = ()
    findings: tuple[Finding, ...] = ()
    behaviours: tuple[Behaviour, ...] = ()
    language: str = "python"
    parsed: bool = True  # the code parsed (after repair), so the static scan saw all of it
    ran: bool = False  # the code was executed in the sandbox (and the sandbox did not fail)
    execution: dict[str, Any] | None = None  # exit code, signal, timed out ... when it ran
    policy: str = "default"  # policy name
    policy_digest: str = ""
    errors: tuple[str, ...] = ()  # scanner problems on this input
    duration_s: float = 0.0


def worst(verdicts: Sequence[str]) -> str:
    """The most severe of several verdicts (allow for none)."""
    return max(verdicts, key=EFFECTS.index, default="allow")


# --- the policy applied to evidence --------------------------------------------------------------


def decide(
    findings: Sequence[Finding], behaviours: Sequence[Behaviour], policy: Policy, *, parsed: bool = True,
    exec_error: str | None = None, unanalysed: Sequence[str] = (), exec_unsupported: bool = False,
    exec_timed_out: bool = False, exec_not_run: str | None = None,
) -> tuple[str, tuple[Reason, ...]]:
    """The verdict and its reasons. `unanalysed`: why part of the input was not analysed (too large,
    undecodable, a scanner error); `exec_error` with `exec_unsupported` False: the sandbox gave no result."""
    reasons: list[Reason] = list(unanalysed_reasons(unanalysed, policy))
    for f in findings:
        effect, why = _finding_effect(f, policy)
        if effect is not None:
            reasons.append(Reason(
                kind="finding", id=f.rule_id, effect=effect, why=why, severity=f.severity, cwe=f.cwe, line=f.line,
                category=f.category, evidence=f.evidence, message=f.message,
            ))
    for b in behaviours:
        effect, why = _behaviour_effect(b, policy)
        if effect is not None:
            reasons.append(Reason(
                kind="behaviour", id=b.id, effect=effect, why=why, severity=b.severity, evidence=tuple(b.evidence[:5]),
                message=b.summary,
            ))
    if not parsed and policy.unparsed != "allow":
        reasons.append(Reason(
            kind="scan", id="unparsed", effect=policy.unparsed,
            why=f"the code did not parse even after repair, so the static scan saw only part of it (policy: unparsed: {policy.unparsed})",
        ))
    if exec_error and exec_unsupported:
        reasons.append(Reason(
            kind="execution", id="sandbox_error", effect="warn", why="the sandbox cannot run this language, so no behaviour evidence was gathered",
            message=exec_error,
        ))
    elif exec_error:
        reasons.append(Reason(
            kind="execution", id="sandbox_error", effect=policy.unanalysed,
            why=f"the sandbox gave no result, so what the code does when run was not analysed (policy: unanalysed: {policy.unanalysed})",
            message=exec_error,
        ))
    if exec_not_run:
        reasons.append(Reason(
            kind="execution", id="not_run", effect="warn", message=exec_not_run,
            why="the code crashed on start in the sandbox, so what it does when it runs was not observed",
        ))
    if exec_timed_out:
        reasons.append(Reason(
            kind="execution", id="incomplete", effect="warn",
            why="the run hit its deadline, so what the code would have done next was not observed",
        ))
    verdict = worst([r.effect for r in reasons])
    order = {e: i for i, e in enumerate(reversed(EFFECTS))}
    return verdict, tuple(sorted(reasons, key=lambda r: (order[r.effect], -r.severity, r.line or 0)))


def unanalysed_reasons(why_not: Sequence[str], policy: Policy) -> tuple[Reason, ...]:
    """Fail closed: input not fully analysed gets the policy's `unanalysed` effect (warn or block, never
    allow), one reason per cause so the user sees what was not seen."""
    return tuple(
        Reason(kind="scan", id="unanalysed", effect=policy.unanalysed, severity=Severity.HIGH, message=cause,
               why=f"not fully analysed, so it cannot be vouched for (policy: unanalysed: {policy.unanalysed})")
        for cause in dict.fromkeys(why_not)
    )


def unanalysed_verdict(why_not: Sequence[str], policy: Policy, language: str = "unknown") -> Verdict:
    """The verdict on input that could not be analysed at all (binary, unknown language, unreadable)."""
    verdict, reasons = decide((), (), policy, unanalysed=why_not)
    return Verdict(verdict=verdict, reasons=reasons, language=language, parsed=False, policy=policy.name,
                   policy_digest=policy.digest)


def _finding_effect(f: Finding, policy: Policy) -> tuple[str | None, str]:
    entry = policy.allowed(f)
    if entry is not None:
        return "allow", f"allowed by the policy's allow-list ({entry.rule}): {entry.justification}"
    if f.confidence < policy.min_confidence:
        return None, ""
    if f.category in policy.block_categories:
        return "block", f"{f.category}-class finding: the policy blocks this class at any severity"
    return _threshold_effect("finding", f.severity, policy.finding_block, policy.finding_warn)


def _behaviour_effect(b: Behaviour, policy: Policy) -> tuple[str | None, str]:
    if b.id in policy.always_block:
        return "block", f"behaviour {b.id} is in the policy's always_block list"
    return _threshold_effect("behaviour", b.severity, policy.behaviour_block, policy.behaviour_warn)


def _threshold_effect(
    kind: str, severity: Severity, block: Severity | None, warn: Severity | None
) -> tuple[str | None, str]:
    """Block or warn by the policy's severity thresholds, the same way for findings and behaviours."""
    for effect, threshold in (("block", block), ("warn", warn)):
        if threshold is not None and severity >= threshold:
            return effect, f"{severity.label} {kind}, at or above the {effect} threshold ({threshold.label})"
    return None, ""


# --- micro-batches ------------------------------------------------------------------------


@dataclass
class _Request:
    inputs: list[ScanInput]
    future: Future = field(default_factory=Future)


class ScanBatcher:
    """Collects concurrent requests into one analysis (one Semgrep process) per batch.

    One batch runs at a time (`workers` = 1 by default): the next batch grows while the current one
    runs, which is what turns 16 concurrent requests into one process (two workers on two cores
    measured no faster, and less steady). After the first request of a batch the batcher waits
    `window_s` for others when it is busy (a batch ended within the last `busy_s`), so clients
    answered by one batch all make the next; an idle batcher waits only `idle_window_s`, so a lone
    caller pays almost nothing for batching.
    """

    def __init__(self, config: ScanConfig, *, window_s: float = 0.05, idle_window_s: float = 0.005,
                 max_batch: int = 64, workers: int = 1, busy_s: float = 2.0) -> None:
        self.config = config
        self.window_s = window_s
        self.idle_window_s = min(idle_window_s, window_s)
        self.busy_s = busy_s
        self.max_batch = max_batch
        self._last_end = float("-inf")
        self._queue: list[_Request] = []
        self._cond = threading.Condition()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._loop, name=f"codeeval-semgrep-batch-{i}", daemon=True) for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()
        self.batches = 0  # batches run so far (for tests and the benchmark)

    def submit(self, inputs: list[ScanInput]) -> Future:
        request = _Request(list(inputs))
        if not request.inputs:
            request.future.set_result([])
            return request.future
        with self._cond:
            if self._closed:
                raise CodeevalError("the vetting service is shutting down")
            self._queue.append(request)
            self._cond.notify()
        return request.future

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _take(self) -> list[_Request] | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            busy = time.monotonic() - self._last_end < self.busy_s
            deadline = time.monotonic() + (self.window_s if busy else self.idle_window_s)
            while sum(len(r.inputs) for r in self._queue) < self.max_batch:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    break
                self._cond.wait(left)
            taken, size = [], 0
            while self._queue and (not taken or size + len(self._queue[0].inputs) <= self.max_batch):
                request = self._queue.pop(0)
                taken.append(request)
                size += len(request.inputs)
            return taken

    def _loop(self) -> None:
        from codeeval.scanners import analyse

        while True:
            batch = self._take()
            if batch is None:
                return
            inputs = [item for request in batch for item in request.inputs]
            try:
                results = analyse(inputs, self.config)
            except BaseException as exc:  # noqa: BLE001 - hand the failure to every caller in the batch
                for request in batch:
                    request.future.set_exception(exc)
                continue
            finally:
                with self._cond:
                    self._last_end = time.monotonic()
            self.batches += 1
            start = 0
            for request in batch:
                request.future.set_result(results[start : start + len(request.inputs)])
                start += len(request.inputs)


_RUNNABLE = ("python", "bash")  # what the sandbox executes


# --- the vetter -----------------------------------------------------------------------------------


class Vetter:
    """Holds the warm engines. One per process is enough (`vet()` uses a shared one); thread-safe."""

    def __init__(self, scan_config: ScanConfig | None = None, *, window_s: float = 0.05, max_batch: int = 64,
                 workers: int = 1, sandbox_config: Any = None) -> None:
        self.scan_config = scan_config or ScanConfig()
        self.sandbox_config = sandbox_config
        self._batcher = ScanBatcher(self.scan_config, window_s=window_s, max_batch=max_batch, workers=workers)

    @property
    def batches(self) -> int:
        return self._batcher.batches

    def close(self) -> None:
        self._batcher.close()

    def vet(self, code: str | bytes, language: str = "python", run: bool = False, policy: Any = None, *,
            deadline: float | None = None) -> Verdict:
        return self.vet_many([(code, language)], run=run, policy=policy, deadline=deadline)[0]

    def vet_many(self, items: Sequence[tuple[str | bytes, str]], run: bool = False, policy: Any = None, *,
                 unanalysed: Sequence[Sequence[str]] | None = None, deadline: float | None = None) -> list[Verdict]:
        """Vet several pieces of code together: one Semgrep batch and, with `run`, parallel sandbox runs.

        Code is text, or bytes decoded as the command line decodes a file. `unanalysed`: per item, why the
        caller could not hand over all of it (a file over the size limit); such items are never allowed.
        `deadline` (time.monotonic()): sandbox runs are cut to end by then, so no container outlives its caller."""
        started = time.monotonic()
        policy = load_policy(policy)
        langs = [_language(lang, policy) for _, lang in items]
        why_not: list[list[str]] = [list(u) for u in unanalysed] if unanalysed is not None else [[] for _ in items]
        if len(why_not) != len(items):
            raise CodeevalError("unanalysed must give one entry per item")
        texts = [_text(code, lang, why_not[i]) for i, ((code, _), lang) in enumerate(zip(items, langs))]
        static = self._static(list(zip(texts, langs)), langs)
        executions: list[ExecResult | None] = [None] * len(items)
        if run:
            # Only what was read whole runs: the first part of a file over the limit is not the program.
            whole = [i for i in range(len(items)) if not why_not[i]]
            ran = self._run([(texts[i], langs[i]) for i in whole], [langs[i] for i in whole], deadline) if whole else []
            for i, result in zip(whole, ran):
                executions[i] = result
        out = []
        for i, (findings, parsed, errors) in enumerate(static):
            result = executions[i]
            behaviours = tuple(result.behaviours) if result is not None else ()
            # A scanner that failed or timed out on this input left part of it unseen.
            causes = [*why_not[i], *(f"scanner error: {e}" for e in errors)]
            verdict, reasons = decide(findings, behaviours, policy, parsed=parsed,
                                      exec_error=result.error if result is not None else None, unanalysed=causes,
                                      exec_unsupported=langs[i] not in _RUNNABLE,
                                      exec_timed_out=result is not None and result.timed_out,
                                      exec_not_run=_not_run(result))
            out.append(Verdict(
                verdict=verdict, reasons=reasons, findings=tuple(findings), behaviours=behaviours, language=langs[i],
                parsed=parsed, ran=result is not None and result.run_status.started, execution=_execution(result), policy=policy.name,
                policy_digest=policy.digest, errors=errors, duration_s=round(time.monotonic() - started, 4),
            ))
        return out

    def _static(self, items: Sequence[tuple[str, str]], langs: list[str]) -> list[tuple[list[Finding], bool, tuple[str, ...]]]:
        from codeeval.scanners.merge import merge_findings
        from codeeval.sources import shebang_other_language

        inputs: list[ScanInput] = []
        owners: list[int] = []  # input -> the item it scans
        for i, ((code, _), lang) in enumerate(zip(items, langs)):
            inputs.append(ScanInput(f"<vet:{i}>", code, lang))
            owners.append(i)
            other = shebang_other_language(code, lang)
            if other is not None:
                # A file whose shebang names another language runs as that language: scanned as it too.
                inputs.append(ScanInput(f"<vet:{i}:{other}>", code, other))
                owners.append(i)
        future = self._batcher.submit(inputs)
        timeout = self.scan_config.timeout_s + 60
        try:
            results: list[ScanResult] = future.result(timeout=timeout)
        except TimeoutError:
            raise CodeevalError(f"the static scan did not finish within {timeout:.0f} s") from None
        found: list[list[Finding]] = [[] for _ in items]
        parsed = [True] * len(items)
        errors: list[list[str]] = [[] for _ in items]
        seen: set[int] = set()
        for result, i in zip(results, owners):
            found[i] += result.findings
            errors[i] += result.errors
            if i not in seen:  # parsed as the language it was given; the shebang's scan only adds findings
                parsed[i] = result.parsed
                seen.add(i)
        return [(merge_findings(found[i]), parsed[i], tuple(dict.fromkeys(errors[i]))) for i in range(len(items))]

    def _run(self, items: Sequence[tuple[str, str]], langs: list[str], deadline: float | None = None) -> list[ExecResult | None]:
        from codeeval.execution import ExecJob, SandboxConfig, execute_many

        config = self.sandbox_config or SandboxConfig.from_env()
        out: list[ExecResult | None] = [None] * len(items)
        if deadline is not None:
            # Container start-up and removal take about a second; the grace is the host's backstop.
            left = deadline - time.monotonic() - config.grace_s - 1.0
            if left < 0.5:
                return [_no_run("no time left within the caller's deadline to run it in the sandbox") for _ in items]
            config = dataclasses.replace(config, timeout_s=min(config.timeout_s, left))
        jobs = []
        for i, ((code, _), lang) in enumerate(zip(items, langs)):
            if lang in _RUNNABLE:
                jobs.append(ExecJob.from_code(code, lang, key=str(i)))
            else:  # the verdict says it could not run rather than pretending it ran clean
                out[i] = ExecResult(exit_code=None, signal=None, timed_out=False, oom_killed=False, duration_s=0.0,
                                    stdout="", stderr="", truncated=False,
                                    error=f"the sandbox runs python and bash, not {lang}")
        if jobs:
            for job, result in execute_many(jobs, config, workers=min(len(jobs), 4)):
                out[int(job.key)] = result
        return out


def _text(code: Any, language: str, why_not: list[str]) -> str:
    """What the scanners see: the text an interpreter reads (bytes decoded like a file, NUL bytes dropped
    as bash drops them), with anything that keeps it from being all of the input added to `why_not`."""
    from codeeval.sources import Source, from_bytes, scannable

    if isinstance(code, (bytes, bytearray)):
        item = from_bytes("<vet>", bytes(code), language)
        if not isinstance(item, Source):
            why_not.append(item.reason)
            return ""
        why_not += item.unanalysed
        return item.code
    if not isinstance(code, str):
        raise CodeevalError(f"code must be a str or bytes, not {type(code).__name__}")
    if language == "python" and code.lstrip("\ufeff").startswith("#") and _declares_encoding(code):
        # Written to a file and run, Python decodes it by its coding cookie (utf-7 ...): analyse that.
        return _text(code.encode("utf-8", "surrogatepass"), language, why_not)
    return scannable(code)


def _declares_encoding(code: str) -> bool:
    from codeeval.sources import _CODING

    return bool(_CODING.search("\n".join(code.split("\n", 2)[:2]).encode("utf-8", "surrogatepass")))


def _no_run(reason: str) -> ExecResult:
    return ExecResult(exit_code=None, signal=None, timed_out=False, oom_killed=False, duration_s=0.0, stdout="",
                      stderr="", truncated=False, error=reason)


def _language(language: Any, policy: Policy) -> str:
    if not isinstance(language, str):
        raise CodeevalError(f"language must be a string such as 'python', not {type(language).__name__}")
    name = normalise_tag(language) or language
    if name not in SCANNED:
        raise CodeevalError(f"unsupported language {language!r} (expected one of: {', '.join(SCANNED)})")
    if name not in policy.languages:
        raise CodeevalError(f"the policy {policy.name!r} does not vet {name} (its languages: {', '.join(policy.languages)})")
    return name


def _not_run(result: ExecResult | None) -> str | None:
    """What stopped a sample at start-up (`crashed_on_start: missing_module flask`), or None if it ran."""
    if result is None or result.error is not None or result.run_status.kind != "crashed_on_start":
        return None
    return result.run_status.describe()


def _execution(result: ExecResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "exit_code": result.exit_code, "signal": result.signal, "timed_out": result.timed_out,
        "oom_killed": result.oom_killed, "duration_s": result.duration_s, "events": len(result.events),
        "error": result.error, "run_status": result.run_status.to_dict(),
    }


_shared: Vetter | None = None
_shared_lock = threading.Lock()


def shared_vetter() -> Vetter:
    """The process-wide Vetter, created on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Vetter()
        return _shared


def vet(code: str | bytes, language: str = "python", run: bool = False, policy: Any = None) -> Verdict:
    """Vet one piece of code: allow, warn or block, with reasons. `policy`: a Policy, a dict in the
    policy YAML's shape, a path to a YAML file, or None for the default policy."""
    return shared_vetter().vet(code, language, run=run, policy=policy)


def vet_many(items: Sequence[tuple[str | bytes, str]], run: bool = False, policy: Any = None, *,
             unanalysed: Sequence[Sequence[str]] | None = None) -> list[Verdict]:
    return shared_vetter().vet_many(items, run=run, policy=policy, unanalysed=unanalysed)


make_callable(__name__)
