"""Options several commands share, so they read and behave the same everywhere.

`--format` names: `text` (for people: a table or summary), `json` (one document), `sarif` (code-scanning
dashboards, where a command has findings); document formats (md, csv, latex, html) where a command makes
documents. `table`, the old name of `text`, is still accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import typer

from codeeval.errors import CodeevalError

_ALIASES = {"table": "text"}


def format_option(choices: Sequence[str], default: str = "text", help: str = "Output format.") -> typer.models.OptionInfo:
    return typer.Option(
        default, "--format", "-f", help=f"{help} One of: {', '.join(choices)}.", metavar="FORMAT",
        callback=_checker(tuple(choices)), autocompletion=lambda incomplete: [c for c in choices if c.startswith(incomplete)],
    )


def _checker(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = _ALIASES.get(value, value)
        if value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return check


def parse_outputs(values: Sequence[str], choices: Sequence[str], default: str) -> tuple[list[tuple[str, Path]], bool]:
    """`--output FILE` (the --format, instead of standard output) and `--output FORMAT=FILE` (one more
    report in that format; repeatable, as Semgrep's --json-output/--sarif-output). Returns (format, path)
    pairs and whether standard output still gets the --format report."""
    outputs: list[tuple[str, Path]] = []
    plain = [v for v in values if _ALIASES.get(v.partition("=")[0], v.partition("=")[0]) not in choices or "=" not in v]
    if len(plain) > 1:
        raise CodeevalError(f"--output: one plain FILE at most (got {', '.join(plain)}); name the others FORMAT=FILE")
    for value in values:
        name, sep, path = value.partition("=")
        name = _ALIASES.get(name, name)
        if sep and name in choices:
            if not path:
                raise CodeevalError(f"--output {value}: no file after {name}=")
            outputs.append((name, Path(path)))
        else:
            outputs.append((default, Path(value)))
    return outputs, not plain
