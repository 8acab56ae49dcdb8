"""The deal analysis as the CLI, the report and the dashboard run it, and their pair arguments."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from detente.deals import SOLUTION_IDS as SOLUTION_IDS  # re-exported for the CLI
from detente.deals import DealAnalysis, SpaceSettings, build_space, logrolls
from detente.deals import analyse as analyse_deals
from detente.deals.genius import genius_files, stale_profiles
from detente.deals.pair import PairFrontier, furthest_pair, pair_frontier
from detente.deals.space import DealSpace
from detente.deals.zopa import why_empty as why_empty  # re-exported for the CLI
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.io.atomic import write_files_atomic
from detente.simulate import SimulationResult, simulate
from detente.workflows.options import SpaceOptions

TOP_LOGROLLS = 5
# The all-party analysis of the report and dashboard takes every issue: the exact frontier merge
# prunes dominated packages after each issue, so the flagship's 20 issues (2.7e10 packages) give
# 15,503 frontier points in under a second. A scenario whose merge passes the work budget (DT603)
# falls back to its FALLBACK_ISSUES weightiest issues for the solution points, and the view says
# which are left out; the logrolls are trades between two issues and always cover every issue.
REPORT_SPACE = SpaceSettings()
FALLBACK_ISSUES = 6


def split_pair(text: str) -> tuple[str, str] | None:
    """``"us:russia"`` -> ``("us", "russia")``; None unless two different non-empty names."""
    first, sep, second = text.partition(":")
    if not sep or not first or not second or first == second:
        return None
    return first, second


def parse_pair(text: str) -> tuple[str, str]:
    """``"us:russia"`` -> ``("us", "russia")``, or DT707 for the report's and dashboard's pairs."""
    pair = split_pair(text)
    if pair is None:
        raise DetenteError("DT707", f"cannot read the pair {text!r}", hint="write ACTOR:ACTOR")
    return pair[0].strip(), pair[1].strip()


def run_deals(
    scenario: Scenario, deal_issues: int | None = None
) -> tuple[DealAnalysis | None, str | None]:
    """The all-party deal analysis of ``scenario`` (deterministic) and a note: why it is not
    available, or why its solution points leave issues out.

    The solution points cover every issue, or the ``deal_issues`` weightiest when given, or the
    :data:`FALLBACK_ISSUES` weightiest when every issue together passes the exact search's
    budget. The logrolls are checked over every issue whatever the cap."""
    settings = replace(REPORT_SPACE, top_issues=deal_issues)
    note = None
    try:
        result = analyse_deals(scenario, settings, top_logrolls=TOP_LOGROLLS)
    except DetenteError as exc:
        if exc.code != "DT603" or deal_issues is not None:
            return None, f"the deal analysis cannot run on this scenario: {exc}"
        settings = replace(settings, top_issues=FALLBACK_ISSUES)
        try:
            result = analyse_deals(scenario, settings, top_logrolls=TOP_LOGROLLS)
        except DetenteError as again:
            return None, f"the deal analysis cannot run on this scenario: {again}"
        why = exc.message.partition(": ")[2] or exc.message
        note = (
            f"All the issues together are too many to search exactly ({why}), so the solution "
            f"points cover the {FALLBACK_ISSUES} weightiest; `detente report --deal-issues N` "
            "sets another number."
        )
    if settings.top_issues is not None:
        if note is None:
            note = f"As --deal-issues {deal_issues} asks, the solution points cover the weightiest."
        everything = build_space(scenario, replace(settings, top_issues=None))
        result = replace(result, logrolls=tuple(logrolls(everything, scenario, top=TOP_LOGROLLS)))
    return result, note


def without_blockers(
    scenario: Scenario, settings: SpaceSettings, blockers: tuple[str, ...]
) -> DealAnalysis | None:
    """The deal analysis with the issues that empty the zone of agreement left out, if any
    issue remains: it shows what the parties could agree on apart from those issues."""
    kept = tuple(i.id for i in scenario.issues if i.id not in blockers)
    if not kept:
        return None
    chosen = kept if settings.issues is None else tuple(i for i in settings.issues if i in kept)
    if not chosen:
        return None
    try:
        return analyse_deals(scenario, replace(settings, issues=chosen), top_logrolls=0)
    except DetenteError:
        return None


def space_settings(
    options: SpaceOptions, reservation: Mapping[str, float] | None = None
) -> SpaceSettings:
    """The checked deal-space settings of a command's options (DT601 for a bad one)."""
    return SpaceSettings(
        grid=options.grid,
        utility=options.utility,
        risk_exponent=options.risk_exponent,
        reservation=dict(reservation or {}),
        issues=options.issues,
        top_issues=options.top_issues,
    )


@dataclass(frozen=True)
class DealsRun:
    scenario: Scenario
    settings: SpaceSettings
    result: DealAnalysis


def deals_of_file(
    file: str | os.PathLike[str],
    options: SpaceOptions,
    *,
    top: int = TOP_LOGROLLS,
    pairs: Sequence[tuple[str, str]] | None = None,
    reservation: Mapping[str, float] | None = None,
) -> DealsRun:
    """``detente deals``: the deal analysis of the scenario file ``file``."""
    if top < 0:
        raise DetenteError("DT601", f"--top must not be negative, got {top}")
    scenario = load_scenario(file)
    settings = space_settings(options, reservation)
    result = analyse_deals(scenario, settings, top_logrolls=top, pairs=pairs)
    return DealsRun(scenario, settings, result)


def simulate_file(
    file: str | os.PathLike[str],
    options: SpaceOptions,
    *,
    strategies: Mapping[str, str] | str = "linear",
    mediator: bool = False,
    seed: int = 0,
    rounds: int = 100,
) -> SimulationResult:
    """``detente simulate``: one negotiation over the deal space of the scenario file."""
    return simulate(
        load_scenario(file),
        space_settings(options),
        strategies=strategies,
        mediator=mediator,
        seed=seed,
        rounds=rounds,
    )


def export_genius_file(
    file: str | os.PathLike[str], options: SpaceOptions, outdir: Path
) -> tuple[list[Path], list[Path]]:
    """``detente export-genius``: the files written and the stale profiles removed."""
    space = build_space(load_scenario(file), space_settings(options))
    stale = stale_profiles(space, outdir)
    return export_genius(space, outdir), stale


def export_genius(space: DealSpace, outdir: str | Path) -> list[Path]:
    """Write the domain and one profile per actor into ``outdir`` and remove the
    :func:`~detente.deals.genius.stale_profiles` of earlier exports, once the new files are in
    place; return the paths written."""
    return write_files_atomic(genius_files(space, outdir), remove=stale_profiles(space, outdir))


def parse_reservations(items: Sequence[str]) -> dict[str, float]:
    """``["ukraine:0.4"]`` -> ``{"ukraine": 0.4}`` (the dashboard's ``reserve=`` values)."""
    out: dict[str, float] = {}
    for item in items:
        actor, _, value = item.partition(":")
        try:
            out[actor.strip()] = float(value)
        except ValueError:
            raise DetenteError(
                "DT601", f"cannot read the reservation {item[:60]!r}", hint="write ACTOR:0.4"
            ) from None
    return out


def explore(
    scenario: Scenario,
    pair: tuple[str, str] | None = None,
    issues: Sequence[str] = (),
    *,
    respects: bool = False,
    reservation: Mapping[str, float] | None = None,
) -> PairFrontier:
    """The deal explorer's frontier: ``pair`` (default: the two parties furthest apart) over
    ``issues`` (default: every issue either cares about), on the report's grid; DT603 when the
    space is past the work budget, DT707 for an unknown pair."""
    settings = replace(REPORT_SPACE, top_issues=None, reservation=dict(reservation or {}))
    chosen = pair or furthest_pair(scenario)
    return pair_frontier(scenario, chosen, issues or None, respects=respects, settings=settings)
