"""Shell commands inside Python string literals, scanned as the shell will see them.

A Python program that hands a literal command to a shell (`os.system("rm -rf ~")`,
`subprocess.run(["bash", "-c", "..."])`) or runs a program with literal arguments
(`subprocess.run(["sc", "config", "WinDefend", "start=", "disabled"])`, or a list assigned to a
name first, as model answers often write it) is as dangerous as the shell script would be, so the
command is scanned again with the Bash rules and what they find is reported on the Python line
that runs it. This is part of the one scan every entry point uses (`codeeval.scanners.analyse`).
"""

from __future__ import annotations

import ast
import dataclasses
import re
import shlex
from dataclasses import dataclass

from codeeval.scanners.repair import parse
from codeeval.types import Finding

_SHELL_CALLS = {
    ("os", "system"), ("os", "popen"), ("subprocess", "getoutput"), ("subprocess", "getstatusoutput"),
    ("subprocess", "run"), ("subprocess", "call"), ("subprocess", "check_call"), ("subprocess", "check_output"),
    ("subprocess", "Popen"), ("commands", "getoutput"),
}
_BARE_CALLS = ("system", "popen", "getoutput", "check_output", "Popen")  # from os import system, ...
_SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "/usr/bin/bash", "zsh", "dash"}
MAX_COMMANDS = 20  # per program: enough for any real script, bounded for hostile input
# Every sink above names its module (`subprocess.run`) or is one of the bare names, as a word of ASCII
# source text (non-ASCII identifiers are NFKC-folded by the parser, so `os.ｓystem` is os.system: such
# text is always parsed); a program without any has no embedded command and is not walked (most real
# modules: a walk costs more than the parse).
_SINK_WORDS = re.compile(r"\b(?:" + "|".join(sorted({module for module, _ in _SHELL_CALLS if module != "os"}
                                                     | {name for module, name in _SHELL_CALLS if module == "os"}
                                                     | set(_BARE_CALLS))) + r")\b")


@dataclass(frozen=True)
class ShellCommand:
    line: int  # line of the call, in the text that was parsed
    sink: str  # what runs it: os.system, subprocess.run, ...
    command: str


def shell_commands(text: str) -> list[ShellCommand]:
    """Literal shell commands a Python program hands to a shell or runs, in source order."""
    if text.isascii() and not _SINK_WORDS.search(text):
        return []
    tree = parse(text)
    if tree is None:
        return []
    # one walk over the tree: a real module has a million nodes, and a walk costs more than the parse
    calls: list[tuple[ast.Call, str]] = []
    assigned: dict[str, list[tuple[int, ast.expr]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if node.args and (sink := _sink_name(node.func)) is not None:
                calls.append((node, sink))
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
              and isinstance(node.value, (ast.List, ast.Tuple, ast.Constant, ast.JoinedStr, ast.BinOp))):
            assigned.setdefault(node.targets[0].id, []).append((node.lineno, node.value))
    for bindings in assigned.values():
        bindings.sort(key=lambda b: b[0])
    out = []
    for node, sink in calls:
        arg = node.args[0]
        if isinstance(arg, ast.Name):
            # `cmd = [...]` (or a string) a few lines up, then `subprocess.run(cmd)`: the last literal
            # assigned to that name before the call.
            earlier = [value for line, value in assigned.get(arg.id, ()) if line <= node.lineno]
            arg = earlier[-1] if earlier else arg
        command = _command(arg)
        if command and command.strip():
            out.append(ShellCommand(node.lineno, sink, command))
    out.sort(key=lambda c: c.line)
    return out[:MAX_COMMANDS]


def _command(node: ast.expr) -> str | None:
    command = _literal(node)
    if command is not None or not isinstance(node, (ast.List, ast.Tuple)) or not node.elts:
        return command
    parts = [_literal(e) for e in node.elts]
    # ["bash", "-c", "<command>"]: the command is the argument after -c
    if len(parts) >= 3 and parts[0] in _SHELLS and parts[1] == "-c":
        return parts[2]
    if parts[0] is None:
        return None  # the program itself is not known: nothing to read
    # A program with its arguments: as a shell would be given it, unknown arguments as X.
    return shlex.join(p if p is not None else "X" for p in parts)


def as_python_finding(finding: Finding, line: int, sink: str) -> Finding:
    """A finding of the Bash rules on an embedded command, moved to the Python line that runs it."""
    return dataclasses.replace(
        finding, line=line, end_line=line, message=f"In the shell command passed to {sink}(): {finding.message}",
    )


def _sink_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (func.value.id, func.attr) in _SHELL_CALLS:
        return f"{func.value.id}.{func.attr}"
    if isinstance(func, ast.Name) and func.id in _BARE_CALLS:
        return func.id
    return None


def _literal(node: ast.expr) -> str | None:
    """The text of a string literal, an f-string (placeholders as `X`) or a `+` of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "X" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        if left is not None and right is not None:
            return left + right
    return None
