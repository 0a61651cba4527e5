"""The `codeeval` command line. Each command group lives in its own module with a `register(app)`;
commands parse options, call the library and own the terminal. Library code never prints."""

from __future__ import annotations

import errno
import importlib
import sqlite3
import sys

import typer

from codeeval import __version__
from codeeval.errors import CodeevalError

# Command modules, registered in this order (it is the order of `codeeval --help`).
COMMAND_MODULES = ("scan", "sandbox", "exec", "models", "run", "results", "vet", "config")

app = typer.Typer(
    name="codeeval",
    help="Sandboxed risk evaluator for code written by language models.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"codeeval {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Is it safe to run what this model wrote?"""


for _name in COMMAND_MODULES:
    importlib.import_module(f"codeeval.cli.{_name}").register(app)


def fail(message: str) -> typer.Exit:
    """One line on stderr, exit status 2: the convention for every usage and input error."""
    typer.echo(f"codeeval: error: {message}", err=True)
    return typer.Exit(2)


def main() -> None:
    try:
        app()
    except CodeevalError as exc:
        typer.echo(f"codeeval: error: {exc}", err=True)
        sys.exit(2)
    except sqlite3.OperationalError as exc:
        # A full disk or a locked store mid-run: what was committed before stays intact (WAL).
        typer.echo(f"codeeval: error: the store could not be written ({exc}); results stored so far are intact, "
                   "fix the cause and rerun the same command to resume", err=True)
        sys.exit(2)
    except sqlite3.DatabaseError as exc:
        typer.echo(f"codeeval: error: the store could not be read ({exc}); pass another --db or recover it with "
                   "`sqlite3 FILE .recover`", err=True)
        sys.exit(2)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        typer.echo(f"codeeval: error: {exc.strerror}: {exc.filename or ''}".rstrip(": ") +
                   "; results stored so far are intact", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("codeeval: interrupted", err=True)
        sys.exit(130)
