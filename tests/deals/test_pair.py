"""The deal explorer's two-party frontier: exact against enumeration, every red line, no cap."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from detente.deals.frontier import nondominated
from detente.deals.pair import furthest_pair, pair_frontier, pair_issues
from detente.deals.zopa import crossed_red_lines
from detente.domain import Actor, Issue, Position, Scenario
from detente.errors import DetenteError
from detente.io import load_scenario

ScenarioFactory = Callable[..., Scenario]


def brute_force(found, respects: bool) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The pair's frontier by enumerating every package of the space."""
    space = found.space
    a, b = (space.actors.index(p) for p in found.pair)
    packages = np.array(list(itertools.product(*[range(o.size) for o in space.options])))
    if respects:
        ok = np.ones(len(packages), dtype=bool)
        for j, table in enumerate(space.acceptable):
            ok &= table[packages[:, j]]
        packages = packages[ok]
    utilities = space.utilities(packages)[:, [a, b]]
    front = utilities[nondominated(np.round(utilities, 9))]
    return front[np.lexsort((front[:, 1], front[:, 0]))]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("respects", [False, True])
def test_pair_frontier_equals_enumeration(
    make_scenario: ScenarioFactory, seed: int, respects: bool
) -> None:
    scenario = make_scenario(seed, n_actors=4, n_issues=5, red_line_rate=0.3)
    pair = (scenario.actors[0].id, scenario.actors[1].id)
    found = pair_frontier(scenario, pair, respects=respects)
    got = found.frontier.utilities
    assert np.all(np.diff(got[:, 0]) > 0)  # sorted by the first party, no duplicates
    np.testing.assert_allclose(got, brute_force(found, respects), atol=1e-9)
    a, b = (found.space.actors.index(p) for p in pair)
    np.testing.assert_allclose(found.space.utilities(found.frontier.packages)[:, [a, b]], got)


def third_party_case() -> Scenario:
    """North and South would both like the dam high; only the Delta's red line forbids it."""
    return Scenario(
        title="dam",
        actors=(
            Actor(id="north", name="North"),
            Actor(id="south", name="South"),
            Actor(id="delta", name="Delta"),
        ),
        issues=(
            Issue(id="dam", name="Dam height", proposition="the dam is built high"),
            Issue(id="water", name="Water share", proposition="North gets most water"),
        ),
        positions=(
            Position(actor="north", issue="dam", position=100, salience=50),
            Position(actor="south", issue="dam", position=100, salience=50),
            Position(actor="delta", issue="dam", position=0, salience=90, red_line=50),
            Position(actor="north", issue="water", position=100, salience=50),
            Position(actor="south", issue="water", position=0, salience=50),
        ),
    )


def test_respects_every_red_line_including_a_third_partys() -> None:
    scenario = third_party_case()
    free = pair_frontier(scenario, ("north", "south"))
    assert all(free.space.package_dict(p)["dam"] == 100 for p in free.frontier.packages)
    assert all(
        crossed_red_lines(scenario, free.space.package_dict(p)) == [("delta", "dam")]
        for p in free.frontier.packages
    )
    within = pair_frontier(scenario, ("north", "south"), respects=True)
    assert len(within.frontier) > 0 and within.blocked == ()
    for package in within.frontier.packages:
        terms = within.space.package_dict(package)
        assert terms["dam"] <= 50 and crossed_red_lines(scenario, terms) == []


def test_an_empty_zone_says_which_issue_blocks_it(flagship_path: Path) -> None:
    flagship = load_scenario(flagship_path)
    found = pair_frontier(flagship, ("russia", "ukraine"), respects=True)
    assert len(found.frontier) == 0
    assert [z.issue for z in found.blocked] == ["territory_recognition"]


def test_flagship_default_is_russia_ukraine_over_every_issue(flagship_path: Path) -> None:
    """The report's old frontier covered the 6 weightiest issues; the explorer takes all."""
    flagship = load_scenario(flagship_path)
    assert furthest_pair(flagship) == ("russia", "ukraine")
    found = pair_frontier(flagship, furthest_pair(flagship))
    assert found.space.issues == pair_issues(flagship, ("russia", "ukraine"))
    assert len(found.space.issues) == len(flagship.issues) == 20
    assert found.space.dropped_issues == ()
    assert found.points["nash"] is not None and len(found.frontier) > 100


def test_a_chosen_issue_set_is_kept_as_given(flagship_path: Path) -> None:
    flagship = load_scenario(flagship_path)
    chosen = ("nato_membership", "foreign_troops", "sanctions_relief")
    found = pair_frontier(flagship, ("us", "russia"), chosen)
    assert found.space.issues == chosen


def test_past_the_work_budget_is_dt603_saying_how_to_narrow(flagship_path: Path) -> None:
    flagship = load_scenario(flagship_path)
    with pytest.raises(DetenteError, match="DT603") as refused:
        pair_frontier(flagship, ("russia", "ukraine"), max_work=200)
    assert "choose fewer issues" in str(refused.value) and "of 20 issues" in str(refused.value)


def test_bad_pairs_are_dt707() -> None:
    scenario = third_party_case()
    with pytest.raises(DetenteError, match="DT707"):
        pair_frontier(scenario, ("north", "atlantis"))
    with pytest.raises(DetenteError, match="DT707"):
        pair_frontier(scenario, ("north", "north"))
    with pytest.raises(DetenteError, match="DT601"):
        pair_frontier(scenario, ("north", "delta"), ("water",))  # the Delta holds no water view
