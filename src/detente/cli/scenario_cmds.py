"""Scenario commands: validate, show, convert, schema. Thin over :mod:`detente.io`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from detente.cli.app import app, stderr, stdout
from detente.workflows.options import WRITE_FORMATS

if TYPE_CHECKING:
    from rich.table import Table

    from detente.domain import Scenario

ScenarioFile = Annotated[
    Path,
    typer.Argument(
        help="Scenario file: .yaml/.yml, .json, KTAB .csv, decide .csv/.txt or an actor table .csv."
    ),
]


@app.command()
def validate(file: ScenarioFile) -> None:
    """Check a scenario file; print a one-line summary, or every error with its location."""
    from detente.io import load_scenario
    from detente.io.summary import counts

    scenario = load_scenario(file)
    typer.echo(f"OK {file}: {counts(scenario).line()}")  # one plain line: no Rich to load


@app.command()
def show(
    file: ScenarioFile,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print actors, issues and positions as JSON.")
    ] = False,
) -> None:
    """Print the actor x issue table: position (salience) per cell, red line marked 'rl'."""
    from detente.io import load_scenario
    from detente.io.export import scenario_to_json

    scenario = load_scenario(file)
    if as_json:
        stdout.print(scenario_to_json(scenario), markup=False, end="")
        return
    stdout.print(_grid(scenario))


def _grid(scenario: Scenario) -> Table:
    from rich.table import Table
    from rich.text import Text

    from detente.io.summary import grid_cell

    # The longer list goes down the rows so that wide scenarios still fit a terminal.
    issues_down = len(scenario.issues) >= len(scenario.actors)
    rows, columns = (
        (scenario.issues, scenario.actors) if issues_down else (scenario.actors, scenario.issues)
    )
    table = Table(
        title=Text(scenario.title),  # user text: square brackets are not Rich markup
        caption="position (salience) on each issue's 0–100 axis; rl = red line",
    )
    table.add_column(
        "issue \\ actor" if issues_down else "actor \\ issue",
        style="bold",
        no_wrap=True,
        min_width=max(len(row.id) for row in rows),  # ids are what users type: never cut them
    )
    for column in columns:
        table.add_column(column.id, justify="right")
    for row in rows:
        cells = []
        for column in columns:
            actor, issue = (column.id, row.id) if issues_down else (row.id, column.id)
            text, red_line = grid_cell(scenario, actor, issue)
            cells.append(f"{text} [red]rl {red_line}[/red]" if red_line is not None else text)
        table.add_row(row.id, *cells)
    return table


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Input scenario file (any supported format).")],
    target: Annotated[Path, typer.Argument(help="Output file, or a folder for csv-dir.")],
    to: Annotated[
        str | None,
        typer.Option(help=f"Output format: {', '.join(WRITE_FORMATS)} (default: from the suffix)."),
    ] = None,
) -> None:
    """Convert a scenario between formats (yaml, json, ktab, decide, csv-dir)."""
    from detente.io import load_scenario, output_format, save_scenario
    from detente.io.summary import counts, dropped_in

    scenario = load_scenario(source)
    fmt = output_format(target, to)
    written = save_scenario(scenario, target, to=fmt)
    stdout.print(f"wrote {written} ({fmt}): {counts(scenario).line()}", markup=False)
    dropped = dropped_in(scenario, fmt)
    if dropped:
        lost = ", ".join(f"{what}: {n}" for what, n in dropped.items())
        stderr.print(f"warning: a {fmt} file cannot hold them; dropped {lost}", markup=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (committed as schemas/scenario.v1.json)."""
    from detente.io.schema import scenario_json_schema_text

    stdout.print(scenario_json_schema_text(), markup=False, end="")
