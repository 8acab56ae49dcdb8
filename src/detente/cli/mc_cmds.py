"""Uncertainty commands: mc, sensitivity, whatif. Thin over :mod:`detente.workflows.mc`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import app, stderr, stdout

FileArg = Annotated[Path, typer.Argument(help="Scenario file in any format `validate` accepts.")]
ModelOption = Annotated[
    list[str] | None, typer.Option("--model", "-m", help="Model id (repeatable).")
]


@app.command()
def mc(
    file: FileArg,
    draws: Annotated[int, typer.Option("--draws", help="Number of random variants.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed: same seed, same results.")] = 0,
    model: ModelOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Start a local Dask cluster of N workers.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Monte Carlo: forecast distributions, P(side of 50), red lines, empty zones, labels."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.table import Table

    from detente.workflows import mc as flow

    columns = (
        TextColumn("draws"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr.console, transient=True) as bar:
        task = bar.add_task("mc", total=draws, rate="")

        def advance(n: int) -> None:
            bar.advance(task, n)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.1f} draws/s" if speed else "")

        result = flow.monte_carlo(
            file,
            model or (),
            draws=draws,
            seed=seed,
            backend=flow.backend_for(workers, scheduler),
            progress=advance,
        )
    if as_json:
        stdout.print_json(json.dumps(result))
        return
    table = Table("model", "issue", "base", "q05", "median", "q95", "P>50", "label")
    for model_id, issues in result["forecasts"].items():  # type: ignore[attr-defined]
        for issue, s in issues.items():
            q = s["quantiles"]
            table.add_row(
                model_id,
                issue,
                f"{s['base']:.1f}",
                f"{q['q05']:.1f}",
                f"{q['q50']:.1f}",
                f"{q['q95']:.1f}",
                f"{s['p_above_50']:.2f}",
                s["label"],
            )
    stdout.print(table)
    deals: dict[str, object] = result["deals"]  # type: ignore[assignment]
    share = float(deals["p_zone_empty"])  # type: ignore[arg-type]
    stdout.print(
        f"zone of agreement empty in {share:.0%} of draws; emptied by: {deals['emptied_by']}"
    )


@app.command()
def sensitivity(
    file: FileArg,
    model: ModelOption = None,
    top: Annotated[int, typer.Option("--top", help="Inputs per forecast.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print tornado data as JSON.")] = False,
) -> None:
    """One-at-a-time sweeps: the inputs that move each forecast most (tornado data)."""
    from rich.table import Table

    from detente.workflows import mc as flow

    result = flow.sensitivity(file, model or (), top)
    if as_json:
        stdout.print_json(json.dumps(result))
        return
    table = Table("model", "issue", "input", "low", "high", "swing")
    for model_id, issues in result["tornado"].items():  # type: ignore[attr-defined]
        for issue, rows in issues.items():
            for r in rows:
                table.add_row(
                    model_id,
                    issue,
                    r["input"],
                    f"{r['low']:.1f}",
                    f"{r['high']:.1f}",
                    f"{r['swing']:.1f}",
                )
    stdout.print(table)


@app.command()
def whatif(
    file: FileArg,
    set_: Annotated[
        list[str], typer.Option("--set", help="actor.capability=N or actor.FIELD.issue=N.")
    ],
    model: ModelOption = None,
    deals: Annotated[bool, typer.Option("--deals", help="Also compare the deal zones.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Compare the forecasts (and deals) of a variant with the base scenario."""
    from rich.table import Table

    from detente.workflows import mc as flow

    result = flow.whatif(file, set_, model or (), deals)
    if as_json:
        stdout.print_json(json.dumps(result))
        return
    table = Table("model", "issue", "base", "variant", "shift")
    for model_id, issues in result["forecasts"].items():  # type: ignore[attr-defined]
        for issue, r in issues.items():
            table.add_row(
                model_id, issue, f"{r['base']:.1f}", f"{r['variant']:.1f}", f"{r['shift']:+.1f}"
            )
    stdout.print(table)
    if "deals" in result:
        stdout.print(json.dumps(result["deals"]))
