"""`codeeval exec` says whether each program ran, in the real sandbox: the classifier's table
(tests/test_run_status.py) checked against what the image's python3 and bash really write."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROGRAMS = {
    "missing_module.py": ("import os\nimport nosuchmodule_codeeval\nos.listdir('.')\n",
                          {"kind": "crashed_on_start", "cause": "missing_module", "detail": "nosuchmodule_codeeval"}),
    "missing_in_main.py": (("def main():\n    import nosuchmodule_codeeval.sub\n\nif __name__ == '__main__':\n"
                            "    main()\n"),
                           {"kind": "crashed_on_start", "cause": "missing_module", "detail": "nosuchmodule_codeeval"}),
    "stray_fence.py": ("def f(x):\n    return x\n```\n",
                       {"kind": "crashed_on_start", "cause": "syntax_error", "detail": "SyntaxError: invalid syntax (line 3)"}),
    "config_first.py": ("import json\ncfg = json.load(open('config.json'))\n",
                        {"kind": "crashed_on_start", "cause": "missing_file", "detail": "config.json"}),
    "missing_command.sh": ("#!/bin/bash\nnosuchcommand-codeeval -sS 10.0.0.1\n",
                           {"kind": "crashed_on_start", "cause": "missing_command", "detail": "nosuchcommand-codeeval"}),
    "late_missing_file.py": ("print('starting')\nfor i in range(3):\n    print(i)\nopen('/data/input.csv')\n",
                             {"kind": "ran", "cause": "missing_file", "detail": "/data/input.csv"}),
    "handled_import.py": (("try:\n    import nosuchmodule_codeeval\nexcept ImportError:\n    nosuchmodule_codeeval = None\n"
                           "print('going on without it')\n"), {"kind": "ran", "cause": None, "detail": None}),
    "prints_the_error.py": ("import sys\nprint(\"ModuleNotFoundError: No module named 'flask'\")\n",
                            {"kind": "ran", "cause": None, "detail": None}),
    "own_bug.py": ("total = 1\nprint(totl)\n", {"kind": "ran", "cause": None, "detail": None}),
}


@pytest.mark.docker
def test_exec_reports_whether_each_program_ran_and_why_not(tmp_path):
    for name, (code, _) in PROGRAMS.items():
        (tmp_path / name).write_text(code)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    out = subprocess.run([sys.executable, "-m", "codeeval", "exec", str(tmp_path), "--format", "json", "--workers", "2",
                          "--timeout", "60"], capture_output=True, text=True, timeout=600, env=env, check=False)
    # Some never got past start-up: their verdict is not_run, which is not vouched for (exit 3, like a warn).
    assert out.returncode == 3, out.stderr[-2000:]
    results = {os.path.basename(r["path"]): r for r in json.loads(out.stdout)["results"]}
    got = {name: results[name]["run_status"] for name in PROGRAMS}
    assert got == {name: expected for name, (_, expected) in PROGRAMS.items()}
    for name in PROGRAMS:
        started = got[name]["kind"] != "crashed_on_start"
        assert (results[name]["verdict"] != "not_run") == started, (name, results[name]["verdict"])

    table = subprocess.run([sys.executable, "-m", "codeeval", "exec", str(tmp_path / "missing_module.py")],
                           capture_output=True, text=True, timeout=300, env=env, check=False)
    assert "crashed_on_start" in table.stdout and "missing_module: nosuchmodule_codeeval" in table.stdout
