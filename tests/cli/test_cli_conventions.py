"""Conventions every command shares: one --format vocabulary, and messages that name only real flags."""

import ast
import re
from pathlib import Path

import pytest
import typer

from codeeval.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _commands():
    def walk(command, path):
        subs = getattr(command, "commands", {})
        if not subs:
            yield path, command
        for name, sub in subs.items():
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(app), ()))


def _flags() -> set[str]:
    return {o for _, c in _commands() for p in c.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")}


# Commands whose --format names document formats: leaderboard (md|csv|json|latex|html), export (jsonl|parquet).
DOCUMENT_FORMATS = {("leaderboard",), ("export",)}


@pytest.mark.parametrize(("path", "command"), [(p, c) for p, c in _commands() if p not in DOCUMENT_FORMATS and
                                                 any("--format" in q.opts for q in c.params)],
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_format_option_speaks_text_json_sarif(path, command):
    (param,) = [q for q in command.params if "--format" in q.opts]
    assert "-f" in param.opts, path
    assert "json" in param.help and "table" not in param.help, (path, param.help)
    assert param.default == "text", path


def test_error_messages_name_only_flags_that_exist():
    # A retry message told users to "lower --concurrency", a flag no command has.
    flags = _flags()
    wrong = []
    for source in (ROOT / "codeeval").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if not (name.endswith("Error") or name in ("echo", "fail", "secho", "_warn")):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    wrong += [f"{source.relative_to(ROOT)}:{sub.lineno}: {flag}"
                              for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]+", sub.value) if flag not in flags]
    assert not wrong, wrong
