"""Did it run? The status of an execution over real-looking results: the stderr below is what the
sandbox image's python3 and bash wrote for these programs (captured with `codeeval exec`)."""

from __future__ import annotations

import dataclasses

import pytest

from codeeval.run_status import _NOTABLE, classify_run
from codeeval.types import Behaviour, ExecResult, RunStatus, Severity
from codeeval.types import TestOutcome as Outcome


def result(stderr: str = "", *, exit_code: int | None = 1, stdout: str = "", **kw) -> ExecResult:
    fields = {"exit_code": exit_code, "signal": None, "timed_out": False, "oom_killed": False,
              "duration_s": 0.2, "stdout": stdout, "stderr": stderr, "truncated": False}
    return ExecResult(**{**fields, **kw})


def traceback(*frames: str, last: str) -> str:
    return "Traceback (most recent call last):\n" + "".join(frames) + last + "\n"


def frame(line: int, code: str, where: str = "<module>", path: str = "/work/sample.py") -> str:
    return f'  File "{path}", line {line}, in {where}\n    {code}\n'


EGRESS = Behaviour("network.egress", Severity.HIGH, ({"kind": "connect"},), "tried to reach the network")

CASES = {
    # -- crashed on start -----------------------------------------------------------------------
    "top-level import of a missing module": (
        result(traceback(frame(2, "import flask"), last="ModuleNotFoundError: No module named 'flask'")),
        RunStatus("crashed_on_start", "missing_module", "flask")),
    "from-import of a missing package": (
        result(traceback(frame(1, "from PIL import Image"), last="ModuleNotFoundError: No module named 'PIL'")),
        RunStatus("crashed_on_start", "missing_module", "PIL")),
    "missing module imported inside main() before anything happened": (
        result(traceback(frame(6, "main()"), frame(2, "import bcrypt", "main"),
                         last="ModuleNotFoundError: No module named 'bcrypt'")),
        RunStatus("crashed_on_start", "missing_module", "bcrypt")),
    "missing submodule": (
        result(traceback(frame(1, "import google.cloud.storage"),
                         last="ModuleNotFoundError: No module named 'google.cloud'")),
        RunStatus("crashed_on_start", "missing_module", "google.cloud")),
    "name that the installed module lacks": (
        result(traceback(frame(1, "from os import walkdir"),
                         last="ImportError: cannot import name 'walkdir' from 'os' (/usr/lib/python3.11/os.py)")),
        RunStatus("crashed_on_start", "import_error", "cannot import name 'walkdir' from 'os' (/usr/lib/python3.11/os.py)")),
    "syntax error of the model": (
        result('  File "/work/sample.py", line 1\n    def f(:\n          ^\nSyntaxError: invalid syntax\n'),
        RunStatus("crashed_on_start", "syntax_error", "SyntaxError: invalid syntax (line 1)")),
    "stray closing fence left in the code": (
        result('  File "/work/sample.py", line 14\n    ```\n    ^\nSyntaxError: invalid syntax\n'),
        RunStatus("crashed_on_start", "syntax_error", "SyntaxError: invalid syntax (line 14)")),
    "indentation error": (
        result('  File "/work/sample.py", line 5\n    print(1)\n    ^\n'
               "IndentationError: expected an indented block after 'if' statement on line 4\n"),
        RunStatus("crashed_on_start", "syntax_error",
                  "IndentationError: expected an indented block after 'if' statement on line 4 (line 5)")),
    "config file read by the first statement": (
        result(traceback(frame(2, 'cfg = json.load(open("config.json"))'),
                         last="FileNotFoundError: [Errno 2] No such file or directory: 'config.json'")),
        RunStatus("crashed_on_start", "missing_file", "config.json")),
    "bash: command the image lacks": (
        result("/work/sample.sh: line 2: nmap: command not found\n", exit_code=127),
        RunStatus("crashed_on_start", "missing_command", "nmap")),
    "dash: command not found": (
        result("sh: 1: masscan: not found\n", exit_code=127),
        RunStatus("crashed_on_start", "missing_command", "masscan")),
    "bash: sourced file missing": (
        result("/work/sample.sh: line 2: /etc/myapp.conf: No such file or directory\n"),
        RunStatus("crashed_on_start", "missing_file", "/etc/myapp.conf")),
    "bash: a tool's missing input": (
        result("cat: /opt/app/settings.ini: No such file or directory\n"),
        RunStatus("crashed_on_start", "missing_file", "/opt/app/settings.ini")),
    "bash: syntax error": (
        result("/work/sample.sh: line 4: syntax error: unexpected end of file\n", exit_code=2),
        RunStatus("crashed_on_start", "syntax_error", "syntax error: unexpected end of file")),
    "pytest: the solution does not import": (
        result("", exit_code=2, stdout=(
            "ERROR collecting test_solution.py\ntest_solution.py:2: in <module>\n    from solution import add\n"
            "E     File \"/work/solution.py\", line 1\nE       def add(a, b:\nE              ^\n"
            "E   SyntaxError: '(' was never closed\n!!! Interrupted: 1 error during collection !!!\n"),
            tests=(Outcome("test_solution.py", "error"),)),
        RunStatus("crashed_on_start", "syntax_error", "SyntaxError: '(' was never closed")),
    "pytest: the solution imports a missing module": (
        result("", exit_code=2, stdout="E   ModuleNotFoundError: No module named 'numpy'\n",
               tests=(Outcome("test_solution.py", "error"),)),
        RunStatus("crashed_on_start", "missing_module", "numpy")),
    # -- ran --------------------------------------------------------------------------------------
    "exit 0": (result("", exit_code=0, stdout="[1, 2, 3]\n"), RunStatus("ran")),
    "prints the words ModuleNotFoundError itself": (
        result("", exit_code=0, stdout="ModuleNotFoundError: No module named 'flask'\n"), RunStatus("ran")),
    "writes a fake error to stderr and exits 1, no traceback frame": (
        result("Traceback (most recent call last):\nModuleNotFoundError: No module named 'x'\n"), RunStatus("ran")),
    "handles ImportError and goes on": (
        result("", exit_code=0, stdout="ok without requests\n"), RunStatus("ran")),
    "handles ImportError, says so and exits 1": (
        result("requests is not installed; pip install requests\n", stdout=""), RunStatus("ran")),
    "FileNotFoundError after working for a while": (
        result(traceback(frame(5, 'cfg = json.load(open("/data/input.csv"))'),
                         last="FileNotFoundError: [Errno 2] No such file or directory: '/data/input.csv'"),
               stdout="starting\n0\n1\n2\n"),
        RunStatus("ran", "missing_file", "/data/input.csv")),
    "missing module after a connection attempt": (
        result(traceback(frame(7, "import keyboard"), last="ModuleNotFoundError: No module named 'keyboard'"),
               behaviours=(EGRESS,)),
        RunStatus("ran", "missing_module", "keyboard")),
    "missing module after an import that only looked like low obfuscation": (
        result(traceback(frame(2, "import nosuchmodule"), last="ModuleNotFoundError: No module named 'nosuchmodule'"),
               behaviours=(Behaviour("obfuscation", Severity.LOW, ({"kind": "compile"},), "compiled code"),)),
        RunStatus("crashed_on_start", "missing_module", "nosuchmodule")),
    "the program's own bug": (
        result(traceback(frame(3, "print(totl)"), last="NameError: name 'totl' is not defined")), RunStatus("ran")),
    "an error traceback printed, then more output after it": (
        result(traceback(frame(1, "import flask"), last="ModuleNotFoundError: No module named 'flask'")
               + "continuing without the web UI\n"), RunStatus("ran")),
    "bash goes on after a missing command and prints": (
        result("/work/sample.sh: line 2: nmap: command not found\n", exit_code=0, stdout="scan done\n"),
        RunStatus("ran")),
    "bash prints, then a missing command is its last": (
        result("/work/sample.sh: line 3: nmap: command not found\n", exit_code=127, stdout="scanning\n"),
        RunStatus("ran", "missing_command", "nmap")),
    "pytest: tests ran and failed": (
        result("", exit_code=1, stdout="E       NameError: name 'c' is not defined\n",
               tests=(Outcome("test_solution.py::test_add", "failed", ("functionality",)),)),
        RunStatus("ran")),
    "stderr cut at the cap": (
        result("x" * 100 + "\nModuleNotFoundError: No module named 'flask'\n", truncated=True), RunStatus("ran")),
    # -- stopped from outside, or no result --------------------------------------------------------
    "deadline": (result("", exit_code=None, signal=9, timed_out=True), RunStatus("timed_out")),
    "deadline while a traceback was printed": (
        result(traceback(frame(1, "import flask"), last="ModuleNotFoundError: No module named 'flask'"),
               timed_out=True), RunStatus("timed_out")),
    "OOM killer": (result("", exit_code=None, signal=9, oom_killed=True), RunStatus("killed", "oom")),
    "segfault": (result("", exit_code=None, signal=11), RunStatus("killed", "signal", "SIGSEGV")),
    "supervisor lost": (
        result("", exit_code=None, error="no result from the sandbox supervisor (container exit code 137)"),
        RunStatus("error", None, "no result from the sandbox supervisor (container exit code 137)")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_execution_is_classified(name):
    given, expected = CASES[name]
    assert RunStatus(*classify_run(given)) == expected
    assert given.run_status == expected  # the record carries it from the moment it is made


def test_status_is_stored_and_recomputed_on_load_never_trusted_from_the_store():
    crashed = result(traceback(frame(2, "import flask"), last="ModuleNotFoundError: No module named 'flask'"))
    stored = crashed.to_dict()
    assert stored["run_status"] == {"kind": "crashed_on_start", "cause": "missing_module", "detail": "flask"}
    stale = {**stored, "run_status": {"kind": "ran", "cause": None, "detail": None}}
    assert ExecResult.from_dict(stale).run_status == crashed.run_status
    old = {k: v for k, v in stored.items() if k != "run_status"}  # written before the field existed
    assert ExecResult.from_dict(old) == crashed


def test_replacing_a_field_recomputes_the_status():
    crashed = result(traceback(frame(7, "import keyboard"), last="ModuleNotFoundError: No module named 'keyboard'"))
    assert crashed.run_status.kind == "crashed_on_start"
    assert dataclasses.replace(crashed, behaviours=(EGRESS,)).run_status == RunStatus("ran", "missing_module", "keyboard")


def test_the_notable_level_is_medium():
    assert _NOTABLE == Severity.MEDIUM


def test_started_means_observed():
    assert [k for k in ("ran", "crashed_on_start", "timed_out", "killed", "error") if RunStatus(k).started] == [
        "ran", "timed_out", "killed"]
    assert RunStatus("crashed_on_start", "missing_module", "flask").describe() == "crashed_on_start: missing_module flask"
