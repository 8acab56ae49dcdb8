"""The deal explorer's analysis: the frontier of two parties over any set of issues.

Two parties' utilities are sums over issues like every actor's (``deals.space``), so their
frontier is exact by the same issue-wise merge (``deals.frontier``); with two coordinates it stays
small (a few hundred points over the flagship's twenty issues), which is why the explorer can
take every issue while the all-party analysis keeps the weightiest ones. ``respects`` restricts
every issue to the options that meet *every* party's red line, the third parties' included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np

from detente.deals.frontier import FloatArray, Frontier, FrontierTooLarge, IndexArray
from detente.deals.frontier import pareto_frontier as exact_frontier
from detente.deals.logroll import baseline_package
from detente.deals.solutions import solution_points
from detente.deals.space import DealSpace, SpaceSettings, build_space
from detente.deals.zopa import IssueZone, issue_zone
from detente.domain import Scenario
from detente.errors import DetenteError

# Candidate packages x parties of one merge, as for the all-party analysis (deals.analysis).
DEFAULT_PAIR_WORK = 500_000


@dataclass(frozen=True)
class PairFrontier:
    """The two parties' frontier over ``space.issues``: utilities (n, 2) and packages."""

    space: DealSpace
    pair: tuple[str, str]
    respects: bool
    frontier: Frontier  # utilities of the pair only, sorted by the first party's utility
    points: dict[str, int | None]  # bargaining solution -> row of ``frontier``
    baseline: IndexArray  # the starting package (status quo, else the mean position)
    baseline_utilities: FloatArray  # (2,)
    reservation: FloatArray  # (2,)
    blocked: tuple[IssueZone, ...]  # with ``respects``: issues no option of which meets them all

    @property
    def columns(self) -> tuple[int, int]:
        return self.space.actors.index(self.pair[0]), self.space.actors.index(self.pair[1])


def disagreement(scenario: Scenario, first: str, second: str) -> float:
    """How far apart two parties stand: over the issues both hold positions on, the distance
    between their positions (0–100) weighted by their mean salience (0–100), summed, / 100."""
    total = 0.0
    for issue in scenario.issues:
        a, b = scenario.position(first, issue.id), scenario.position(second, issue.id)
        if a is not None and b is not None:
            total += (a.salience + b.salience) / 2 * abs(a.position - b.position) / 100
    return total


def furthest_pair(scenario: Scenario) -> tuple[str, str]:
    """The two parties with the most disagreement to bridge (ties: scenario order)."""
    ids = [a.id for a in scenario.actors]
    if len(ids) < 2:
        raise DetenteError("DT707", "the deal explorer needs two parties; the scenario has one")
    return max(combinations(ids, 2), key=lambda p: disagreement(scenario, *p))


def pair_issues(scenario: Scenario, pair: tuple[str, str]) -> tuple[str, ...]:
    """The issues either party cares about (a position with a salience above 0), in scenario
    order: the explorer's default."""
    held = {p.issue for p in scenario.positions if p.actor in pair and p.salience > 0}
    return tuple(i.id for i in scenario.issues if i.id in held)


def check_pair(scenario: Scenario, pair: tuple[str, str]) -> None:
    known = [a.id for a in scenario.actors]
    unknown = [a for a in pair if a not in known]
    if unknown:
        raise DetenteError(
            "DT707",
            f"no party {', '.join(map(repr, unknown))} in the scenario",
            hint=f"parties: {', '.join(known)}",
        )
    if pair[0] == pair[1]:
        raise DetenteError("DT707", f"the pair names {pair[0]!r} twice", hint="name two parties")


def pair_frontier(
    scenario: Scenario,
    pair: tuple[str, str],
    issues: Sequence[str] | None = None,
    *,
    respects: bool = False,
    settings: SpaceSettings | None = None,
    max_work: int = DEFAULT_PAIR_WORK,
) -> PairFrontier:
    """The exact frontier of ``pair`` over ``issues`` (default: :func:`pair_issues`).

    Refused with DT603 before a merge that would pass ``max_work`` (the hint says how to narrow).
    """
    check_pair(scenario, pair)
    chosen = tuple(issues) if issues else pair_issues(scenario, pair)
    settings = replace(settings or SpaceSettings(), issues=chosen, top_issues=None)
    space = build_space(scenario, settings)
    for actor in pair:
        if actor not in space.actors:
            raise DetenteError(
                "DT601",
                f"{scenario.actor(actor).name} holds no position with a salience above 0 on "
                "the chosen issues",
                hint="choose issues that party holds a position on",
            )
    a, b = space.actors.index(pair[0]), space.actors.index(pair[1])
    zones = tuple(
        issue_zone(scenario, issue_id, tuple(float(o) for o in space.options[j]))
        for j, issue_id in enumerate(space.issues)
    )
    blocked = tuple(z for z in zones if z.empty) if respects else ()
    contributions = [table[:, [a, b]] for table in space.contributions]
    scale = np.asarray(space.salience.sum(axis=1)[[a, b]], dtype=np.float64)
    try:
        found = exact_frontier(
            contributions,
            list(space.acceptable) if respects else None,
            scale=scale,
            max_work=max_work,
        )
    except FrontierTooLarge as too_large:
        raise DetenteError(
            "DT603",
            f"the deal space of {len(space.issues)} issues is too large to explore exactly: "
            f"the merge of issue {too_large.issues_merged + 1} would test "
            f"{too_large.work:,} candidate values (budget {max_work:,})",
            hint="choose fewer issues (the dashboard's issue boxes, ?issues=a,b), "
            "or a coarser grid",
        ) from None
    order = np.argsort(found.utilities[:, 0], kind="stable")
    frontier = Frontier(found.utilities[order], found.packages[order])
    reservation = space.reservation[[a, b]]
    base = baseline_package(space, scenario)
    return PairFrontier(
        space=space,
        pair=pair,
        respects=respects,
        frontier=frontier,
        points=solution_points(frontier.utilities, reservation),
        baseline=base,
        baseline_utilities=space.utilities(base[None, :])[0][[a, b]],
        reservation=reservation,
        blocked=blocked,
    )
