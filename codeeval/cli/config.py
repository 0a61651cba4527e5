"""`codeeval config`: the JSON Schema of the run configuration and policy files, and checking a file."""
# ruff: noqa: B008 - typer declares options as argument defaults

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer


class Kind(str, Enum):
    run = "run"
    policy = "policy"


def register(app: typer.Typer) -> None:
    config = typer.Typer(help="Run configuration and policy files: their schema, and checking one.", no_args_is_help=True)
    config.command("schema")(schema_command)
    config.command("check")(check_command)
    app.add_typer(config, name="config")


def schema_command(kind: Kind = typer.Argument(Kind.run, help="run (the --config file of `codeeval run`) or policy (`vet --policy`).")) -> None:
    """Print the JSON Schema of a run configuration or policy file (for editors and CI validation)."""
    if kind is Kind.run:
        from codeeval.runconfig import run_config_schema

        schema = run_config_schema()
    else:
        from codeeval.policy import policy_schema

        schema = policy_schema()
    typer.echo(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}, indent=2))


def check_command(
    path: Path = typer.Argument(..., help="The file to check."),
    kind: Kind = typer.Option(Kind.run, "--kind", help="run or policy."),
) -> None:
    """Validate a file and print what it means: the runs it makes, or the effective policy.

    Exit status: 0 valid, 2 invalid (one line naming the key and the problem)."""
    if kind is Kind.policy:
        from codeeval.policy import load_policy

        policy = load_policy(path)
        for key, value in policy.to_dict().items():
            if key == "allow":
                value = "; ".join(f"{a['rule']} ({a['justification']})" for a in value) or "-"
            elif isinstance(value, list):
                value = ", ".join(value) or "-"
            typer.echo(f"{key:<17} {'off' if value is None else value}")
        return
    from codeeval.runconfig import build

    settings = build(path, {})
    options = settings.model_dump(exclude={"models", "suites", "version"}, exclude_defaults=True)
    pairs = settings.pairs()
    typer.echo(f"{len(pairs)} run(s): {len(settings.models)} model(s) x {len(settings.suites)} suite(s)")
    for model, suite in pairs:
        typer.echo(f"  {model} x {suite}")
    for key, value in options.items():
        typer.echo(f"{key}: {value}")
