"""Logrolling: two actors each give way on the issue they care less about, and both gain.

From a baseline package (each issue at its status quo when the scenario gives one, else at the
plain mean of the positions, snapped to the nearest option every red line allows when there is
one: splitting the difference issue by issue, which ignores priorities and so leaves the trades
to find), actor A gives way on issue j (the outcome moves to B's best option there) while B
gives way on issue k (the outcome moves to A's best option). It is a logroll when each loses on
the issue it concedes and gains more than that on the other, so both end up better off.

Every trade is checked against every red line of every party on every issue its package sets,
the issues not traded included, and carries what it costs the parties not trading. Trades within
every red line rank first, then by joint gain, so a trade that crosses a red line (a third
party's, say) is never the top one while any trade stays within them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detente.deals.frontier import IndexArray
from detente.deals.space import DealSpace
from detente.deals.zopa import crossed_red_lines
from detente.domain import Scenario


@dataclass(frozen=True)
class Logroll:
    giver_a: str  # concedes on issue_a
    issue_a: str
    giver_b: str  # concedes on issue_b
    issue_b: str
    package: dict[str, float]
    gains: dict[str, float]  # change in utility of every actor (the two traders and the others)
    joint_gain: float
    explanation: str
    # (actor, issue) of every red line the package crosses, the third parties' included
    red_lines_crossed: tuple[tuple[str, str], ...] = ()

    @property
    def within_red_lines(self) -> bool:
        return not self.red_lines_crossed

    @property
    def third_party_cost(self) -> float:
        """What the parties not trading lose in utility, together (0 when none loses)."""
        traders = (self.giver_a, self.giver_b)
        return float(sum(max(-g, 0.0) for a, g in self.gains.items() if a not in traders))

    def as_dict(self) -> dict[str, object]:
        return {
            "actors": [self.giver_a, self.giver_b],
            "concessions": {self.giver_a: self.issue_a, self.giver_b: self.issue_b},
            "package": self.package,
            "gains": self.gains,
            "joint_gain": self.joint_gain,
            "third_party_cost": self.third_party_cost,
            "red_lines_crossed": [list(c) for c in self.red_lines_crossed],
            "explanation": self.explanation,
        }


def baseline_package(
    space: DealSpace, scenario: Scenario, *, within_red_lines: bool = False
) -> IndexArray:
    """Option index per issue: status quo if given, else the mean of the positions on it.

    With ``within_red_lines`` the nearest option every red line allows is taken instead, on
    each issue that has such an option.
    """
    chosen = np.zeros(len(space.issues), dtype=np.intp)
    for j, issue_id in enumerate(space.issues):
        issue = scenario.issue(issue_id)
        if issue.status_quo is not None:
            target = issue.status_quo
        else:
            target = (
                float(np.nanmean(space.ideal[:, j])) if space.has_position[:, j].any() else 50.0
            )
        distance = np.abs(space.options[j] - target)
        if within_red_lines and space.acceptable[j].any():
            distance = np.where(space.acceptable[j], distance, np.inf)
        chosen[j] = int(np.argmin(distance))
    return chosen


def _outcome_words(scenario: Scenario, issue_id: str, value: float) -> str:
    issue = scenario.issue(issue_id)
    if issue.anchors:
        point, label = min(issue.anchors.items(), key=lambda item: abs(item[0] - value))
        if abs(point - value) <= 12.5:
            # The anchor labels are the analyst's words: paraphrased, never quoted.
            return f"{value:g} on its axis, near the scale's mark for {label}"
    return f"{value:g} of 100 on the proposition that {issue.proposition}"


def logrolls(
    space: DealSpace,
    scenario: Scenario,
    *,
    top: int | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
) -> list[Logroll]:
    """Logrolls between every pair of actors (or only ``pairs``): those within every red line
    first, then by joint gain."""
    wanted = None if pairs is None else {frozenset(p) for p in pairs}
    base = baseline_package(space, scenario, within_red_lines=True)
    base_u = space.utilities(base[None, :])[0]
    names = {a.id: a.name for a in scenario.actors}
    # Best option of each actor on each issue, among the options every red line allows when
    # there are any (a trade that breaks a red line is no trade).
    best = np.zeros((len(space.actors), len(space.issues)), dtype=np.intp)
    for j, table in enumerate(space.contributions):
        allowed = (
            space.acceptable[j] if space.acceptable[j].any() else np.ones_like(space.acceptable[j])
        )
        masked = np.where(allowed[:, None], table, -np.inf)
        best[:, j] = np.argmax(masked, axis=0)
    found: list[Logroll] = []
    n_a, n_j = len(space.actors), len(space.issues)
    for a in range(n_a):
        for b in range(a + 1, n_a):
            if wanted is not None and frozenset((space.actors[a], space.actors[b])) not in wanted:
                continue
            for j in range(n_j):
                for k in range(n_j):
                    if j == k or not (space.has_position[[a, b]][:, [j, k]].all()):
                        continue
                    sal = space.salience
                    if not (sal[a, k] > sal[a, j] and sal[b, j] > sal[b, k]):
                        continue  # each must give way on the issue it cares less about
                    trade = base.copy()
                    trade[j] = best[b, j]  # a gives way on j
                    trade[k] = best[a, k]  # b gives way on k
                    change_j = space.contributions[j][trade[j]] - space.contributions[j][base[j]]
                    change_k = space.contributions[k][trade[k]] - space.contributions[k][base[k]]
                    if not (change_j[a] < 0 < change_k[a] and change_k[b] < 0 < change_j[b]):
                        continue
                    gain = change_j + change_k
                    if gain[a] <= 0 or gain[b] <= 0:
                        continue
                    found.append(_describe(space, scenario, names, a, b, j, k, trade, gain, base_u))
    found.sort(
        key=lambda t: (
            not t.within_red_lines,
            -t.joint_gain,
            t.giver_a,
            t.giver_b,
            t.issue_a,
            t.issue_b,
        )
    )
    return found if top is None else found[:top]


def _describe(
    space: DealSpace,
    scenario: Scenario,
    names: dict[str, str],
    a: int,
    b: int,
    j: int,
    k: int,
    trade: IndexArray,
    gain: np.ndarray,
    base_u: np.ndarray,
) -> Logroll:
    actor_a, actor_b = space.actors[a], space.actors[b]
    issue_j, issue_k = space.issues[j], space.issues[k]
    value_j = float(space.options[j][trade[j]])
    value_k = float(space.options[k][trade[k]])
    sal = space.salience
    text = (
        f"{names[actor_a]} gives way on {scenario.issue(issue_j).name} "
        f"({_outcome_words(scenario, issue_j, value_j)}) and {names[actor_b]} gives way on "
        f"{scenario.issue(issue_k).name} ({_outcome_words(scenario, issue_k, value_k)}): "
        f"{names[actor_a]} cares more about {scenario.issue(issue_k).name} than "
        f"{scenario.issue(issue_j).name} (salience {sal[a, k]:g} against {sal[a, j]:g}) and "
        f"{names[actor_b]} more about {scenario.issue(issue_j).name} than "
        f"{scenario.issue(issue_k).name} ({sal[b, j]:g} against {sal[b, k]:g}), so both gain: "
        f"{names[actor_a]} +{gain[a]:.3f}, {names[actor_b]} +{gain[b]:.3f} in utility "
        f"(from {base_u[a]:.3f} and {base_u[b]:.3f})."
    )
    package = space.package_dict(trade)
    crossed = tuple(crossed_red_lines(scenario, package))
    losers = [
        f"{names[actor]} {gain[i]:+.3f}"
        for i, actor in enumerate(space.actors)
        if actor not in (actor_a, actor_b) and gain[i] < 0
    ]
    if losers:
        text += f" It costs third parties: {', '.join(losers)}."
    if crossed:
        text += (
            " It crosses the red line of "
            + "; ".join(
                f"{names[actor]} on {scenario.issue(issue).name}" for actor, issue in crossed
            )
            + "."
        )
    return Logroll(
        giver_a=actor_a,
        issue_a=issue_j,
        giver_b=actor_b,
        issue_b=issue_k,
        package=package,
        gains={actor: float(gain[i]) for i, actor in enumerate(space.actors)},
        joint_gain=float(gain[a] + gain[b]),
        explanation=text,
        red_lines_crossed=crossed,
    )
