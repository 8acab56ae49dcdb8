"""Edit commands: edit, rename. Thin over detente.workflows.edit and detente.io.edits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from detente.cli.app import app, stdout
from detente.errors import DetenteError

YamlFile = Annotated[Path, typer.Argument(help="YAML scenario file, edited in place.")]


@app.command()
def edit(
    file: YamlFile,
    actor: Annotated[str, typer.Option(help="Party id.")],
    issue: Annotated[str | None, typer.Option(help="Issue id (for position fields).")] = None,
    position: Annotated[float | None, typer.Option(help="Position, 0–100.")] = None,
    salience: Annotated[float | None, typer.Option(help="Salience, 0–100.")] = None,
    red_line: Annotated[float | None, typer.Option(help="Red line, 0–100.")] = None,
    no_red_line: Annotated[
        bool, typer.Option("--no-red-line", help="Remove the red line.")
    ] = False,
    confidence: Annotated[float | None, typer.Option(help="Confidence, 0–1.")] = None,
    note: Annotated[str | None, typer.Option(help="The analyst's note on the position.")] = None,
    capability: Annotated[float | None, typer.Option(help="The party's capability.")] = None,
) -> None:
    """Set a party's capability, or fields of its position on an issue (adding the position
    when it has none: then give --position and --salience). Comments and order are kept."""
    from detente.io import edits
    from detente.workflows.edit import edit_file

    fields: dict[str, Any] = {
        k: v
        for k, v in (
            ("position", position),
            ("salience", salience),
            ("red_line", red_line),
            ("confidence", confidence),
            ("note", note),
        )
        if v is not None
    }
    if no_red_line:
        fields["red_line"] = None
    if capability is not None and not fields:
        line = edit_file(file, lambda d, s: edits.set_capability(d, s, actor, capability))
    elif issue is None or capability is not None:
        raise DetenteError(
            "DT704",
            "give --capability alone, or --issue with the position fields to set",
            hint="e.g. detente edit s.yaml --actor us --issue sanctions --position 40",
        )
    else:
        line = edit_file(file, lambda d, s: edits.set_position(d, s, actor, issue, **fields))
    stdout.print(f"{file}: {line}", markup=False)


@app.command()
def rename(
    file: YamlFile,
    section: Annotated[str, typer.Argument(help="actors, issues or sources.")],
    old: Annotated[str, typer.Argument(help="The id now.")],
    new: Annotated[str, typer.Argument(help="The new id.")],
) -> None:
    """Give a party, issue or source a new id, and every reference to it with it."""
    from detente.io import edits
    from detente.workflows.edit import edit_file

    line = edit_file(file, lambda d, s: edits.rename(d, s, section, old, new))
    stdout.print(f"{file}: {line}", markup=False)
