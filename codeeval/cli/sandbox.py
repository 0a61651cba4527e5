"""`codeeval sandbox build|status|clean`: the image and the containers codeeval leaves behind."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from codeeval.cli.options import format_option
from codeeval.execution.config import DEFAULT_IMAGE

sandbox_app = typer.Typer(help="Build and inspect the sandbox image; remove leftover containers.", no_args_is_help=True)

ImageOpt = typer.Option(DEFAULT_IMAGE, "--image", envvar="CODEEVAL_SANDBOX_IMAGE", help="Image tag.")


RequirementsOpt = typer.Option(
    None, "--requirements", "-r", help="A pip requirements file of your own: its packages are added as a layer."
)


@sandbox_app.command("build")
def build_cmd(
    offline: bool = typer.Option(
        False, "--offline", help="No registry: debootstrap a Debian base (needs root; cached) instead of pulling one."
    ),
    image: str = ImageOpt,
    requirements: Path | None = RequirementsOpt,
) -> None:
    """Build the sandbox image (Debian bookworm, the runtime profile of Python packages, the supervisor)."""
    from codeeval.execution import image as image_mod

    image_id = image_mod.build(
        image, offline=offline, requirements=requirements, log=lambda line: typer.echo(line, err=True)
    )
    typer.echo(f"{image} {image_id}")


@sandbox_app.command("status")
def status_cmd(
    image: str = ImageOpt,
    fmt: str = format_option(("text", "json")),
) -> None:
    """Is the daemon reachable, is the image built and current, which runtimes exist. Exit 2 if not usable."""
    from codeeval.cli import fail
    from codeeval.execution import image as image_mod

    report = image_mod.status(image)
    if fmt == "json":
        typer.echo(json.dumps(report, indent=2))
    else:
        rows = [
            ("daemon", "reachable" if report["daemon"] else "not reachable"),
            ("server", report["server_version"] or "-"),
            ("image", report["image"] or f"{image} (missing)"),
            ("digest", report["digest"] or "-"),
            ("architecture", f"{report['image_architecture'] or '-'} (daemon {report['architecture'] or '-'})"),
            ("current", {True: "yes", False: "no: sandbox/ changed since the build", None: "-"}[report["image_current"]]),
            ("profile", report["profile"] or "-"),
            ("extra", report["extra_requirements"] or "-"),
            ("runtimes", ", ".join(report["runtimes"]) or "-"),
            ("leftovers", str(report["leftover_containers"])),
        ]
        for name, value in rows:
            typer.echo(f"{name:<13} {value}")
    if report["error"]:
        if fmt == "text":
            raise fail(report["error"])
        raise typer.Exit(2)


@sandbox_app.command("clean")
def clean_cmd(
    everything: bool = typer.Option(
        False, "--all", help="Also remove containers of codeeval runs still in progress on this host."
    ),
    run: str = typer.Option("", "--run", help="Only the containers of this run id (label org.codeeval.run)."),
) -> None:
    """Remove the containers codeeval left behind (by label): those of runs that are gone."""
    from codeeval.execution import image as image_mod

    removed, kept = image_mod.clean(everything=everything, run=run or None)
    line = f"removed {removed} container{'s' if removed != 1 else ''}"
    if kept:
        line += f"; kept {kept} of runs still in progress (--all removes them too)"
    typer.echo(line)


def register(app: typer.Typer) -> None:
    app.add_typer(sandbox_app, name="sandbox")
