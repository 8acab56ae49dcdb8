"""Forecast commands: forecast, backtest. Thin over :mod:`detente.workflows.forecast`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import app, stderr, stdout
from detente.workflows.options import MODEL_IDS

if TYPE_CHECKING:
    from rich.table import Table

    from detente.domain import Forecast, Scenario
    from detente.workflows.forecast import ModelScore

ModelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--model", "-m", help=f"Model id (repeatable); default all: {', '.join(MODEL_IDS)}."
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed recorded in the manifest.")]
ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="MODEL:NAME=VALUE, e.g. bdm.v1:Q=0.5 (repeatable)."),
]


@app.command()
def forecast(
    file: Annotated[Path, typer.Argument(help="Scenario file in any format `validate` accepts.")],
    model: ModelOption = None,
    issue: Annotated[
        list[str] | None, typer.Option("--issue", "-i", help="Issue id (repeatable).")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print each model's rounds and moves.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print forecasts (axis and own scale) and manifest.")
    ] = False,
    seed: SeedOption = 0,
    param: ParamOption = None,
) -> None:
    """Forecast where each issue lands, per model (positions on the 0–100 axis)."""
    from detente.workflows.forecast import forecast_file

    run = forecast_file(file, model or (), issue_ids=issue or (), params=param or (), seed=seed)
    scenario, forecasts = run.scenario, run.forecasts
    if as_json:
        document = {
            "forecasts": {mid: f.positions() for mid, f in forecasts.items()},
            # The same forecasts in each issue's own units (years, decide's #M bounds, ...);
            # issues without a scale are on 0-100 already and repeat their axis value.
            "forecasts_on_scale": {
                mid: {i: _on_scale(scenario, i, v) for i, v in f.positions().items()}
                for mid, f in forecasts.items()
            },
            "scales": {
                i.id: {"low": i.scale.low, "high": i.scale.high}
                for i in scenario.issues
                if i.scale is not None
            },
            "manifest": run.manifest,
        }
        stdout.print(json.dumps(document, indent=2), markup=False)
        return
    stdout.print(_forecast_table(scenario, forecasts))
    if explain:
        for model_id, result in forecasts.items():
            _print_explanation(scenario, model_id, result)


def _on_scale(scenario: Scenario, issue_id: str, axis_value: float) -> float:
    issue = scenario.issue(issue_id)
    return axis_value if issue.scale is None else issue.to_original(axis_value)


def _forecast_table(scenario: Scenario, forecasts: dict[str, Forecast]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"Forecasts: {scenario.title}"),  # user text: brackets are not Rich markup
        caption="0–100 axis (original scale in brackets where the file had one)",
    )
    table.add_column("issue", style="bold")
    for model_id in forecasts:
        table.add_column(model_id, justify="right")
    issue_ids = dict.fromkeys(i for f in forecasts.values() for i in f.issues)
    for issue in scenario.issues:
        if issue.id not in issue_ids:
            continue
        cells = []
        for result in forecasts.values():
            found = result.issues.get(issue.id)
            if found is None:
                cells.append("–")
                continue
            text = f"{found.position:.2f}"
            if issue.scale is not None:
                text += f" [{issue.to_original(found.position):.4g}]"
            cells.append(text)
        table.add_row(issue.id, *cells)
    return table


def _print_explanation(scenario: Scenario, model_id: str, result: Forecast) -> None:
    params = ", ".join(f"{k}={v}" for k, v in result.params.items()) or "no parameters"
    stdout.print(f"\n[bold]{model_id}[/bold] ({params})")
    for issue_id, found in result.issues.items():
        issue = scenario.issue(issue_id)
        history = " -> ".join(
            f"{h:.2f}" + ("" if issue.scale is None else f" [{issue.to_original(h):.4g}]")
            for h in found.history
        )
        stdout.print(f"  [bold]{issue_id}[/bold]: {history}")
        for move in found.moves:
            stdout.print(f"    r{move.round} {move.kind}: {move.explanation}", markup=False)


@app.command("backtest")
def backtest_command(
    file: Annotated[Path, typer.Argument(help="Tab- or comma-separated table, DEU layout.")],
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    weights_row: Annotated[
        bool, typer.Option("--weights-row", help="Read actor capabilities from the weights row.")
    ] = False,
    seed: SeedOption = 0,
    param: ParamOption = None,
) -> None:
    """Score models against observed outcomes: mean absolute error per model."""
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text

    from detente.domain.wording import plural
    from detente.workflows.forecast import BASELINE, backtest_file

    with Progress(console=stderr.console, transient=True, disable=as_json) as progress:
        task = progress.add_task("backtest", total=None)
        table, scores = backtest_file(
            file,
            model or (),
            weights_row=weights_row,
            params=param or (),
            seed=seed,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    if as_json:
        document: dict[str, Any] = {
            "models": {mid: _score_json(s) for mid, s in scores.items()},
            "skipped": table.skipped,
        }
        stdout.print(json.dumps(document, indent=2), markup=False)
        return
    out = Table(
        title=Text(f"Backtest: {file.name}"),
        caption=f"better than {BASELINE}: share of issues",
    )
    for name in ("model", "MAE", "SE", "n", f"beats {BASELINE}"):
        out.add_column(name, justify="left" if name == "model" else "right")
    for model_id, found in scores.items():
        se = "–" if found.se is None else f"{found.se:.2f}"
        out.add_row(
            model_id, f"{found.mae:.2f}", se, str(found.n), f"{100 * found.beats_compromise:.0f}%"
        )
    stdout.print(out)
    stdout.print(
        f"{plural(table.skipped, 'row')} skipped (no observed outcome or no weighted position)"
    )


def _score_json(found: ModelScore) -> dict[str, Any]:
    return {
        "mae": found.mae,
        "se": found.se,
        "n": found.n,
        "beats_compromise": found.beats_compromise,
    }
