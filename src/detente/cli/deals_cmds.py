"""Deal-space commands: deals, simulate, export-genius. Thin over :mod:`detente.workflows.deals`."""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import app, stdout
from detente.errors import DetenteError
from detente.workflows.options import DEFAULT_GRID, STRATEGIES, UTILITY_SHAPES, SpaceOptions

if TYPE_CHECKING:
    from detente.workflows.deals import DealsRun

FileArg = Annotated[Path, typer.Argument(help="Scenario file in any format `validate` accepts.")]
GridOption = Annotated[
    int, typer.Option("--grid", help="Outcomes per issue without `options` (evenly spaced 0–100).")
]
UtilityOption = Annotated[
    str, typer.Option("--utility", help=f"Utility shape: {', '.join(UTILITY_SHAPES)}.")
]
RiskOption = Annotated[
    float, typer.Option("--risk-exponent", help="Exponent r of the `risk` utility shape.")
]
IssueOption = Annotated[
    list[str] | None, typer.Option("--issue", "-i", help="Analyse only this issue (repeatable).")
]
TopIssuesOption = Annotated[
    int | None,
    typer.Option("--top-issues", help="Analyse only the k most salient contested issues."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _key_values(items: list[str] | None, what: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise DetenteError("DT601", f"{what} {item!r} is not of the form actor=value")
        found[key] = value
    return found


def _pairs(text: str | None) -> list[tuple[str, str]] | None:
    from detente.workflows.deals import split_pair

    if text is None:
        return None
    pairs = []
    for item in text.split(","):
        pair = split_pair(item.strip())
        if pair is None:
            raise DetenteError("DT601", f"--pairs item {item!r} is not of the form actor:actor")
        pairs.append(pair)
    return pairs


def _reservations(items: list[str] | None) -> dict[str, float]:
    out = {}
    for actor, value in _key_values(items, "--reservation").items():
        try:
            out[actor] = float(value)
        except ValueError:
            raise DetenteError("DT601", f"--reservation {actor}={value}: not a number") from None
    return out


_SPACE_OPTIONS = (
    inspect.Parameter(
        "grid", inspect.Parameter.KEYWORD_ONLY, default=DEFAULT_GRID, annotation=GridOption
    ),
    inspect.Parameter(
        "utility", inspect.Parameter.KEYWORD_ONLY, default="linear", annotation=UtilityOption
    ),
    inspect.Parameter(
        "risk_exponent", inspect.Parameter.KEYWORD_ONLY, default=1.0, annotation=RiskOption
    ),
    inspect.Parameter(
        "issue", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=IssueOption
    ),
    inspect.Parameter(
        "top_issues", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=TopIssuesOption
    ),
)


def space_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the deal-space options every deal command shares, and hand it them as
    one :class:`SpaceOptions` in its ``space`` parameter (Typer reads the new signature)."""
    own = inspect.signature(command, eval_str=True)

    @functools.wraps(command)
    def with_space(
        *args: Any,
        grid: int,
        utility: str,
        risk_exponent: float,
        issue: list[str] | None,
        top_issues: int | None,
        **kwargs: Any,
    ) -> None:
        space = SpaceOptions(
            grid=grid,
            utility=utility,
            risk_exponent=risk_exponent,
            issues=None if issue is None else tuple(issue),
            top_issues=top_issues,
        )
        command(*args, space=space, **kwargs)

    kept = [p for p in own.parameters.values() if p.name != "space"]
    with_space.__signature__ = own.replace(parameters=[*kept, *_SPACE_OPTIONS])  # type: ignore[attr-defined]
    return with_space


def _print_json(document: dict[str, object]) -> None:
    # Straight to the console's file: a frontier can run to megabytes, which Rich would lay out
    # line by line for nothing.
    stdout.file.write(json.dumps(document) + "\n")
    stdout.file.flush()


def _print_empty_zone(run: DealsRun) -> None:
    """Which red lines empty the zone, and what is left without those issues."""
    from detente.domain.wording import plural
    from detente.workflows.deals import why_empty, without_blockers

    result = run.result
    stdout.print(f"no zone of agreement; emptied by: {', '.join(result.emptied_by)}")
    names = {a.id: a.name for a in run.scenario.actors}
    for zone in result.zones:
        if zone.empty:
            stdout.print(f"  why: {why_empty(zone, names)}", markup=False)
    alternative = without_blockers(run.scenario, run.settings, result.emptied_by)
    if alternative is not None:
        kept = len(alternative.acceptable)
        stdout.print(
            f"  without {', '.join(result.emptied_by)}: {plural(kept, 'acceptable package')} "
            f"on the frontier{'' if kept else ' (still none)'}; analyse that with --issue",
            markup=False,
        )


def _print_deals(run: DealsRun, pairs: list[tuple[str, str]] | None) -> None:
    from rich.table import Table

    from detente.domain.wording import plural
    from detente.workflows.deals import SOLUTION_IDS

    result, space = run.result, run.result.space
    stdout.print(
        f"{plural(space.n_packages, 'package')} over {plural(len(space.issues), 'issue')}, "
        f"{plural(len(space.actors), 'actor')}; "
        f"Pareto frontier: {plural(len(result.frontier), 'point')}; "
        f"acceptable frontier: {plural(len(result.acceptable), 'point')}"
    )
    if run.settings.reservation:
        used = ", ".join(f"{a} {u:g}" for a, u in run.settings.reservation.items())
        stdout.print(f"reservation utilities (--reservation): {used}", markup=False)
    if space.dropped_issues:
        stdout.print(f"not analysed: {', '.join(space.dropped_issues)}", markup=False)
    if result.zone_empty:
        _print_empty_zone(run)
    basis = "all packages: no zone of agreement" if result.zone_empty else "acceptable packages"
    table = Table(title=f"Solution points ({basis})")
    table.add_column("solution")
    for actor in space.actors:
        table.add_column(actor, justify="right")
    for name in SOLUTION_IDS:
        found = result.point(name)
        if found is None:
            table.add_row(name, *["–"] * len(space.actors))
        else:
            table.add_row(name, *[f"{u:.3f}" for u in found[1]])
    stdout.print(table)
    for name in ("nash",):
        found = result.point(name)
        if found is not None:
            package = space.package_dict(found[0])
            stdout.print(
                f"{name} package: " + ", ".join(f"{k}={v:g}" for k, v in package.items()),
                markup=False,
            )
    zones = Table(title="Zone of possible agreement per issue (red lines)")
    for column in ("issue", "low", "high", "options", "bounded by"):
        zones.add_column(column)
    for zone in result.zones:
        bounds = ", ".join(a for a in (zone.low_set_by, zone.high_set_by) if a) or "–"
        options = " ".join(f"{o:g}" for o in zone.options) or "EMPTY"
        zones.add_row(zone.issue, f"{zone.low:g}", f"{zone.high:g}", options, bounds)
    stdout.print(zones)
    # --pairs narrows the logrolls: say so, so that "no logroll" is not read as "none at all".
    between = "" if pairs is None else " between " + ", ".join(f"{a}:{b}" for a, b in pairs)
    if result.logrolls:
        heading = f"Logrolls{between} (within every red line first, then best joint gain):"
        stdout.print(heading, markup=False)
        for rank, trade in enumerate(result.logrolls, start=1):
            stdout.print(f"{rank}. [+{trade.joint_gain:.3f}] {trade.explanation}", markup=False)
    else:
        stdout.print(
            f"no logroll{between}: no pair of actors gains by trading concessions", markup=False
        )


@app.command()
@space_options
def deals(
    file: FileArg,
    space: SpaceOptions,
    top: Annotated[int, typer.Option("--top", help="How many logrolls to show.")] = 5,
    as_json: JsonOption = False,
    pairs: Annotated[
        str | None,
        typer.Option("--pairs", help="Only logrolls between these actor pairs, e.g. us:ru,ua:eu."),
    ] = None,
    reservation: Annotated[
        list[str] | None,
        typer.Option("--reservation", help="Reservation utility, actor=u in [0, 1] (repeatable)."),
    ] = None,
) -> None:
    """Package deals: Pareto frontier, bargaining solutions, logrolls, zone of agreement.

    The solutions are the Nash, Kalai–Smorodinsky, utilitarian and egalitarian points."""
    from detente.workflows.deals import deals_of_file

    chosen_pairs = _pairs(pairs)
    run = deals_of_file(
        file, space, top=top, pairs=chosen_pairs, reservation=_reservations(reservation)
    )
    if as_json:
        _print_json(run.result.to_json())
    else:
        _print_deals(run, chosen_pairs)


@app.command("simulate")
@space_options
def simulate_cmd(
    file: FileArg,
    space: SpaceOptions,
    strategy: Annotated[
        list[str] | None,
        typer.Option(
            "--strategy",
            "-s",
            help=f"{', '.join(STRATEGIES)} for every party, or actor=strategy (repeatable).",
        ),
    ] = None,
    mediator: Annotated[
        bool, typer.Option("--mediator", help="A mediator improves a single negotiating text.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed for the order of play and ties.")] = 0,
    rounds: Annotated[int, typer.Option("--rounds", help="Deadline in rounds.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Simulate a negotiation (alternating offers or a mediator) and report the agreement."""
    from detente.workflows.deals import simulate_file

    spec: dict[str, str] = {}
    for item in strategy or []:
        if "=" in item:
            spec.update(_key_values([item], "--strategy"))
        else:
            spec["*"] = item
    result = simulate_file(
        file,
        space,
        strategies=spec or "linear",
        mediator=mediator,
        seed=seed,
        rounds=rounds,
    )
    if as_json:
        _print_json(result.to_json())
        return
    from detente.domain.wording import plural

    who = ", ".join(f"{a}={s}" for a, s in result.strategies.items())
    stdout.print(
        f"{result.protocol} ({who}), seed {result.seed}, {plural(result.max_rounds, 'round')}"
    )
    if not result.agreement or result.utilities is None or result.package is None:
        stdout.print(f"no agreement after {plural(len(result.history), 'offer')}")
        if result.zone_emptied_by:
            blockers = ", ".join(result.zone_emptied_by)
            stdout.print(f"no package meets every red line and reservation ({blockers})")
        return
    stdout.print(f"agreement in round {result.round}")
    stdout.print(", ".join(f"{k}={v:g}" for k, v in result.package.items()), markup=False)
    stdout.print("utilities: " + ", ".join(f"{a} {u:.3f}" for a, u in result.utilities.items()))
    if result.distance_to_nash is not None:
        stdout.print(f"distance to the Nash point (utility space): {result.distance_to_nash:.3f}")


@app.command("export-genius")
@space_options
def export_genius_cmd(
    file: FileArg,
    space: SpaceOptions,
    outdir: Annotated[Path, typer.Argument(help="Folder for domain.xml and profile-<actor>.xml.")],
) -> None:
    """Write the deal space as a Genius domain and one utility-space file per actor."""
    from detente.workflows.deals import export_genius_file

    written, stale = export_genius_file(file, space, outdir)
    for path in written:
        stdout.print(str(path), markup=False)
    for path in stale:
        stdout.print(f"removed stale {path}", markup=False)
