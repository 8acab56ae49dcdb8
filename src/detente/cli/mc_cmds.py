"""Uncertainty commands: mc, sensitivity, whatif. Thin over :mod:`detente.workflows.mc`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            help="serial | processes | dask (default: dask with --scheduler or --workers N > 1, "
            "else serial).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Worker processes (a pool, or a local Dask cluster)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    deal_draws: Annotated[
        int,
        typer.Option(
            "--deal-draws",
            help="Also run the full deal analysis on this many draws (spread evenly; about a "
            "second each on the flagship): how stable the Nash package is.",
        ),
    ] = 0,
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

    chosen = flow.backend_for(workers, scheduler, backend)
    where = chosen.kind if chosen.kind == "serial" else f"{chosen.kind}, {chosen.workers} workers"
    if chosen.scheduler:
        where = f"dask at {chosen.scheduler}"
    columns = (
        TextColumn(f"draws ({where})"),
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
            backend=chosen,
            progress=advance,
            deal_draws=deal_draws,
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
    _print_deals(result["deals"])  # type: ignore[arg-type]


def _print_deals(deals: dict[str, Any]) -> None:
    def shares(counts: dict[str, float]) -> str:
        return ", ".join(f"{i} {p:.0%}" for i, p in counts.items()) or "none"

    stdout.print(
        f"zone of agreement empty in {deals['p_zone_empty']:.0%} of draws; emptied by: "
        f"{shares(deals['emptied_by'])}; the only blocker: {shares(deals['emptied_only_by'])}"
    )
    nash = deals.get("nash_package")
    if nash:
        moved = {i: 1 - p for i, p in nash["p_same_by_issue"].items() if p < 1}
        stdout.print(
            f"Nash package of the base in {nash['p_same_as_base']:.0%} of {nash['draws']} "
            f"analysed draws; issues whose option changes: {shares(moved)}"
        )


@app.command()
def sensitivity(
    file: FileArg,
    model: ModelOption = None,
    top: Annotated[int, typer.Option("--top", help="Inputs per forecast.")] = 5,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="oat: one-at-a-time sweeps (tornado data); sobol: first-order Sobol indices "
            "over the draws of `detente mc`.",
        ),
    ] = "oat",
    draws: Annotated[
        int, typer.Option("--draws", help="sobol: rows per sample (model runs: N x (inputs+2)).")
    ] = 256,
    seed: Annotated[int, typer.Option("--seed", help="sobol: seed of the draws.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ranking as JSON.")] = False,
) -> None:
    """Which inputs move each forecast most: one-at-a-time sweeps or Sobol indices."""
    from rich.table import Table

    from detente.cli.progress import stage_bars
    from detente.workflows import mc as flow

    with stage_bars() as stage:
        result = flow.sensitivity(
            file, model or (), top, method=method, draws=draws, seed=seed, stage=stage
        )
    if as_json:
        stdout.print_json(json.dumps(result))
        return
    if method == "sobol":
        table = Table("model", "issue", "input", "first order", "total")
        for model_id, issues in result["sobol"].items():  # type: ignore[attr-defined]
            for issue, rows in issues.items():
                for r in rows:
                    table.add_row(
                        model_id, issue, r["input"], f"{r['first_order']:.2f}", f"{r['total']:.2f}"
                    )
        stdout.print(table)
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
