"""One call for the whole deal analysis of a scenario, and its JSON form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from detente.deals.frontier import (
    FloatArray,
    Frontier,
    FrontierTooLarge,
    IndexArray,
    pareto_frontier,
)
from detente.deals.logroll import Logroll, logrolls
from detente.deals.solutions import SOLUTION_IDS, solution_points
from detente.deals.space import DealSpace, SpaceSettings, build_space
from detente.deals.zopa import IssueZone, issue_zone
from detente.domain import Scenario
from detente.domain.wording import plural
from detente.errors import DetenteError

ALGORITHM_ID = "deals.v1"
# A guard against scenarios whose frontier would not fit in memory: the merge is exact, so the
# only way out is to analyse fewer issues (--issue or --top-issues).
DEFAULT_MAX_FRONTIER = 2_000_000
# Candidate packages x actors of one merge. Measured on COP21 (15 actors): 199k took 1.2 s of
# dominance tests, 756k took 7.7 s, 2.2M took 40 s; the flagship's largest merge is 128k.
DEFAULT_MAX_WORK = 500_000


@dataclass(frozen=True)
class DealAnalysis:
    space: DealSpace
    frontier: Frontier  # over every package
    acceptable: Frontier  # frontier of the packages meeting every red line and reservation
    points: dict[str, int | None]  # solution -> row of ``basis``
    zones: tuple[IssueZone, ...]
    emptied_by: tuple[str, ...]  # issues (or "reservation:<actor>") that leave no deal
    logrolls: tuple[Logroll, ...] = field(default=())

    @property
    def zone_empty(self) -> bool:
        return len(self.acceptable) == 0

    @property
    def basis(self) -> Frontier:
        """The points the solutions are chosen from: the acceptable frontier, or, when no package
        is acceptable, the frontier of all packages (what a deal would look like were the
        blocking red lines or reservations relaxed)."""
        return self.frontier if self.zone_empty else self.acceptable

    def point(self, name: str) -> tuple[IndexArray, np.ndarray] | None:
        row = self.points.get(name)
        if row is None:
            return None
        return self.basis.packages[row], self.basis.utilities[row]

    def _entry(self, package: IndexArray, utilities: np.ndarray) -> dict[str, object]:
        return {
            "package": self.space.package_dict(package),
            "utilities": self.space.utility_dict(utilities),
        }

    def to_json(self) -> dict[str, object]:
        """The JSON document of ``detente deals --json`` (keys as in the command's docs)."""
        out: dict[str, object] = {
            "frontier": [
                self._entry(p, u)
                for p, u in zip(self.frontier.packages, self.frontier.utilities, strict=True)
            ]
        }
        for name in SOLUTION_IDS:
            found = self.point(name)
            out[name] = None if found is None else self._entry(*found)
        out["logrolls"] = [t.as_dict() for t in self.logrolls]
        out["zopa"] = {
            "empty": self.zone_empty,
            "emptied_by": list(self.emptied_by),
            "acceptable_frontier_size": len(self.acceptable),
            "solutions_from": "all_packages" if self.zone_empty else "acceptable_packages",
            "reservation": self.space.utility_dict(self.space.reservation),
            "issues": {z.issue: z.as_dict() for z in self.zones},
            "analysed_issues": list(self.space.issues),
            "dropped_issues": list(self.space.dropped_issues),
            "packages": self.space.n_packages,
            "utility": self.space.utility,
            "algorithm": ALGORITHM_ID,
        }
        return out


def _reservation_blockers(space: DealSpace, within: Frontier) -> tuple[str, ...]:
    """Why no package meets the reservation utilities although red lines leave some."""
    best = within.utilities.max(axis=0)
    alone = [
        f"reservation:{a}"
        for a, b, r in zip(space.actors, best, space.reservation, strict=True)
        if b < r
    ]
    return tuple(alone) or ("reservation:jointly",)


def _scale(space: DealSpace) -> FloatArray:
    """Each actor's salience total: it turns weighted values back into exact value x salience."""
    return np.asarray(space.salience.sum(axis=1), dtype=np.float64)


def _bounded_frontier(space: DealSpace, max_frontier: int, max_work: int) -> Frontier:
    """The frontier, refused before the merge that would pass the budget (not after it)."""
    try:
        return pareto_frontier(
            space.contributions, scale=_scale(space), max_points=max_frontier, max_work=max_work
        )
    except FrontierTooLarge as too_large:
        what = (
            f"the next merge would test {too_large.work:,} candidate values (budget {max_work:,})"
            if too_large.work
            else f"the frontier grew past the limit of {max_frontier:,} points"
        )
        raise DetenteError(
            "DT603",
            f"the deal space is too large to search exactly: {what}; "
            f"{too_large.points:,} frontier points after {too_large.issues_merged} of "
            f"{plural(len(space.issues), 'issue')}",
            hint="analyse fewer issues with --issue or --top-issues, or a coarser --grid",
        ) from None


def analyse(
    scenario: Scenario,
    settings: SpaceSettings | None = None,
    *,
    top_logrolls: int | None = 10,
    pairs: Sequence[tuple[str, str]] | None = None,
    max_frontier: int = DEFAULT_MAX_FRONTIER,
    max_work: int = DEFAULT_MAX_WORK,
) -> DealAnalysis:
    """The whole deal analysis of ``scenario`` over the space ``settings`` describes."""
    space = build_space(scenario, settings)
    frontier = _bounded_frontier(space, max_frontier, max_work)
    zones = tuple(
        issue_zone(scenario, issue_id, tuple(float(o) for o in space.options[j]))
        for j, issue_id in enumerate(space.issues)
    )
    emptied: tuple[str, ...] = tuple(z.issue for z in zones if z.empty)
    if emptied:
        acceptable = Frontier(frontier.utilities[:0], frontier.packages[:0])
    else:
        within = pareto_frontier(space.contributions, space.acceptable, scale=_scale(space))
        # Meeting the reservation utilities is an upper set in utility space, so the frontier of
        # the acceptable packages is the red-line frontier cut at the reservation utilities.
        meets = (within.utilities >= space.reservation[None, :]).all(axis=1)
        acceptable = Frontier(within.utilities[meets], within.packages[meets])
        if not meets.any():
            emptied = _reservation_blockers(space, within)
    basis = acceptable if len(acceptable) else frontier
    points = solution_points(basis.utilities, space.reservation)
    if pairs is not None:
        unknown = sorted({a for p in pairs for a in p} - set(space.actors))
        if unknown:
            raise DetenteError(
                "DT601",
                f"--pairs names unknown actor(s): {', '.join(unknown)}",
                hint=f"actors in the deal space: {', '.join(space.actors)}",
            )
    trades = tuple(logrolls(space, scenario, top=top_logrolls, pairs=pairs))
    return DealAnalysis(space, frontier, acceptable, points, zones, emptied, trades)
