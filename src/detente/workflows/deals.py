"""The deal analysis as the report and the dashboard run it, and their pair arguments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from detente.deals import DealAnalysis, SpaceSettings
from detente.deals import analyse as analyse_deals
from detente.deals.genius import genius_files, stale_profiles
from detente.deals.pair import PairFrontier, furthest_pair, pair_frontier
from detente.deals.space import DealSpace
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io.atomic import write_files_atomic

TOP_LOGROLLS = 5
# The all-party deal space grows as grid^issues: its solutions and logrolls cover the weightiest
# issues only (the report and dashboard say which are left out); the deal explorer's two-party
# frontier stays small and takes every issue.
REPORT_SPACE = SpaceSettings(top_issues=6)


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


def run_deals(scenario: Scenario) -> tuple[DealAnalysis | None, str | None]:
    """The deal analysis of ``scenario`` (deterministic), or why it is not available."""
    try:
        return analyse_deals(scenario, REPORT_SPACE, top_logrolls=TOP_LOGROLLS), None
    except DetenteError as exc:
        return None, f"the deal analysis cannot run on this scenario: {exc}"


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
