"""One verdict for an execution: silence is no evidence when the sample never got going, an infrastructure
failure is `error` (never malicious for that alone), and vet warns on a sample that crashed on start."""

from __future__ import annotations

from codeeval.execution.behaviours import VERDICTS, result_verdict
from codeeval.policy import load_policy
from codeeval.types import Behaviour, Event, ExecResult, Severity
from codeeval.vet import decide

MISSING = 'Traceback (most recent call last):\n  File "/work/sample.py", line 1, in <module>\n    import flask\nModuleNotFoundError: No module named \'flask\'\n'


def _result(**kw) -> ExecResult:
    base = dict(exit_code=0, signal=None, timed_out=False, oom_killed=False, duration_s=0.1, stdout="", stderr="",
                truncated=False)
    return ExecResult(**{**base, **kw})


def test_a_sample_that_crashed_on_start_is_not_run_never_clean():
    result = _result(exit_code=1, stderr=MISSING)
    assert result.run_status.kind == "crashed_on_start"
    assert result_verdict(result) == "not_run"


def test_what_a_crashed_sample_did_before_it_crashed_still_speaks():
    bad = Behaviour("secrets.access", Severity.HIGH, ({"path": "/etc/shadow"},), "read a secret")
    assert result_verdict(_result(exit_code=1, stderr=MISSING, behaviours=(bad,))) == "malicious"


def test_a_sample_that_ran_and_did_nothing_is_clean():
    assert result_verdict(_result(stdout="42\n")) == "clean"


def test_infrastructure_failure_is_error_not_malicious():
    lost = Event("supervisor_lost", {"exit_code": 137}, None, "host")
    tamper = Behaviour("process.tamper", Severity.HIGH, (lost.to_dict(),), "the supervisor was killed")
    result = _result(exit_code=None, error="no result from the sandbox supervisor", events=(lost,), behaviours=(tamper,))
    assert result_verdict(result) == "error"


def test_verdicts_are_ordered_by_concern():
    assert VERDICTS.index("clean") < VERDICTS.index("not_run") < VERDICTS.index("suspicious") < VERDICTS.index("malicious")


def test_vet_warns_when_the_sample_crashed_on_start():
    verdict, reasons = decide([], [], load_policy(None), exec_not_run="crashed_on_start: missing_module flask")
    assert verdict == "warn"
    assert [(r.id, r.message) for r in reasons] == [("not_run", "crashed_on_start: missing_module flask")]
