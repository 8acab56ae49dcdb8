"""Deals under uncertainty: empty zones of agreement over every draw, the Nash package over some.

Zones: on each issue the red lines of a draw leave the interval [highest floor, lowest cap]; the
issue empties the zone when that interval is empty or holds none of the issue's options (its
``options``, else the deal analysis's default grid), the rule of :mod:`detente.deals.zopa`, so a
draw's verdict is the one ``detente deals`` gives for that variant (tested). Vectorised over draws.

Nash package: the full deal analysis (:func:`detente.deals.analyse`, about a second on the
flagship) on every ``every``-th draw, up to ``limit`` draws; counted is whether its Nash package
equals the base scenario's, and which option it picks on each issue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from detente.deals import analyse
from detente.deals.space import DEFAULT_GRID
from detente.domain import Scenario
from detente.mc.draws import Draws, variant

BoolArray = npt.NDArray[np.bool_]
Package = dict[str, float]


def issue_options(scenario: Scenario, issue_id: str) -> npt.NDArray[np.float64]:
    issue = scenario.issue(issue_id)
    if issue.options is not None:
        return np.asarray(issue.options, dtype=np.float64)
    return np.linspace(0.0, 100.0, DEFAULT_GRID)


def emptied_issues(scenario: Scenario, draws: Draws) -> tuple[tuple[str, ...], BoolArray]:
    """(issue ids, (n, issues) whether the issue's zone is empty in each draw)."""
    n = draws.position.shape[0]
    ids = tuple(issue.id for issue in scenario.issues)
    empty = np.zeros((n, len(ids)), dtype=bool)
    for j, issue_id in enumerate(ids):
        low, high = np.zeros(n), np.full(n, 100.0)
        for i, p in enumerate(scenario.positions):
            if p.issue != issue_id or p.red_line is None:
                continue
            line, ideal = draws.red_line[:, i], draws.position[:, i]
            cap = line >= ideal  # Position.accepts: a line at or above the ideal caps the outcome
            high = np.where(cap, np.minimum(high, line), high)
            low = np.where(cap, low, np.maximum(low, line))
        options = issue_options(scenario, issue_id)
        inside = (options[None, :] >= low[:, None]) & (options[None, :] <= high[:, None])
        empty[:, j] = (low > high) | ~inside.any(axis=1)
    return ids, empty


def nash_package(scenario: Scenario) -> Package | None:
    """The Nash package of the deal analysis (chosen among all packages if no zone), or None."""
    analysis = analyse(scenario, top_logrolls=0)
    found = analysis.point("nash")
    return None if found is None else analysis.space.package_dict(found[0])


@dataclass(frozen=True)
class DealPlan:
    """Which draws get the full deal analysis: global draw index ``g`` with ``g % every == 0``
    and ``g // every < limit``; ``base`` is the base scenario's Nash package."""

    every: int
    limit: int
    base: Package | None

    @staticmethod
    def spread(draws: int, limit: int, base: Package | None) -> DealPlan:
        """``limit`` draws spread evenly over ``draws``."""
        limit = min(limit, draws)
        return DealPlan(max(1, draws // max(1, limit)), limit, base)

    def rows(self, start: int, n: int) -> list[int]:
        """The rows of a chunk of ``n`` draws starting at global index ``start``."""
        if self.limit <= 0:
            return []
        first = -(-start // self.every) * self.every
        last = min(start + n, self.every * self.limit)
        return [g - start for g in range(first, last, self.every)]


@dataclass
class NashTally:
    """Counts over the draws given the deal analysis."""

    draws: int = 0
    same_as_base: int = 0
    none: int = 0  # draws where no package leaves every party a gain
    same_by_issue: dict[str, int] = field(default_factory=dict)
    options: dict[str, dict[float, int]] = field(default_factory=dict)  # issue -> option -> n

    def add(self, package: Package | None, base: Package | None) -> None:
        self.draws += 1
        if package is None:
            self.none += 1
            return
        self.same_as_base += int(package == base)
        for issue, value in package.items():
            if base is not None and base.get(issue) == value:
                self.same_by_issue[issue] = self.same_by_issue.get(issue, 0) + 1
            chosen = self.options.setdefault(issue, {})
            chosen[value] = chosen.get(value, 0) + 1

    def merge(self, other: NashTally) -> None:
        self.draws += other.draws
        self.same_as_base += other.same_as_base
        self.none += other.none
        for issue, count in other.same_by_issue.items():
            self.same_by_issue[issue] = self.same_by_issue.get(issue, 0) + count
        for issue, counts in other.options.items():
            mine = self.options.setdefault(issue, {})
            for value, count in counts.items():
                mine[value] = mine.get(value, 0) + count

    def summary(self, base: Package | None) -> dict[str, object]:
        n = max(1, self.draws)
        return {
            "draws": self.draws,
            "base": base,
            "p_same_as_base": self.same_as_base / n,
            "p_no_package": self.none / n,
            "p_same_by_issue": {
                issue: self.same_by_issue.get(issue, 0) / n for issue in sorted(base or {})
            },
            "options": {
                issue: {f"{value:g}": c / n for value, c in sorted(self.options[issue].items())}
                for issue in sorted(self.options)
            },
        }


def tally_nash(
    scenario: Scenario, draws: Draws, rows: list[int], base: Package | None
) -> NashTally:
    tally = NashTally()
    for row in rows:
        tally.add(nash_package(variant(scenario, draws, row)), base)
    return tally
