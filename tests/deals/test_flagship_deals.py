"""Deal analysis and simulation on the flagship scenario (skipped while it is absent)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.deals import (
    SpaceSettings,
    analyse,
    build_space,
    pareto_frontier,
    pareto_frontier_exhaustive,
)
from detente.domain import Scenario
from detente.simulate import simulate


@pytest.fixture(scope="module")
def flagship(flagship_path: Path) -> Scenario:
    if not flagship_path.is_file():
        pytest.skip(f"flagship scenario not written yet: {flagship_path}")
    from detente.io import load_scenario

    return load_scenario(flagship_path)


def test_merge_equals_enumeration_on_flagship_issue_subsets(flagship: Scenario) -> None:
    issue_ids = [i.id for i in flagship.issues]
    rng = np.random.default_rng(2025)
    for _ in range(3):
        subset = list(rng.choice(issue_ids, size=7, replace=False))
        space = build_space(flagship, SpaceSettings(issues=tuple(subset)))
        merged = pareto_frontier(space.contributions)
        exhaustive = pareto_frontier_exhaustive(space.contributions, chunk_rows=4096)
        assert {tuple(u) for u in merged.utilities} == {tuple(u) for u in exhaustive.utilities}


def test_flagship_analysis_is_consistent(flagship: Scenario) -> None:
    result = analyse(flagship, top_logrolls=5)
    space = result.space
    assert len(space.actors) >= 2 and len(result.frontier) > 0
    np.testing.assert_allclose(space.utilities(result.frontier.packages), result.frontier.utilities)
    # No frontier point dominates another.
    u = result.frontier.utilities
    for row in u[:: max(1, len(u) // 200)]:
        assert not (np.all(u >= row, axis=1) & np.any(u > row, axis=1)).any()
    names = {a.name for a in flagship.actors}
    for trade in result.logrolls:
        assert any(name in trade.explanation for name in names)
        assert trade.gains[trade.giver_a] > 0 and trade.gains[trade.giver_b] > 0
    if result.zone_empty:
        assert result.emptied_by
        for issue in result.emptied_by:
            if not issue.startswith("reservation:"):
                assert next(z for z in result.zones if z.issue == issue).empty
    for name in ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian"):
        assert result.point(name) is not None


def test_flagship_simulation_is_deterministic(flagship: Scenario) -> None:
    first = simulate(flagship, strategies="boulware", seed=11)
    assert simulate(flagship, strategies="boulware", seed=11).to_json() == first.to_json()
    mediated = simulate(flagship, mediator=True, seed=11)
    assert mediated.protocol == "single_negotiating_text"
