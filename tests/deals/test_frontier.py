"""The frontier algorithms against brute force on small generated cases."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.deals import (
    SpaceSettings,
    build_space,
    nondominated,
    pareto_frontier,
    pareto_frontier_exhaustive,
    undominated_options,
)
from detente.deals.frontier import iter_packages, package_utilities
from detente.domain import Scenario

ScenarioFactory = Callable[..., Scenario]


def brute_force_frontier(points: np.ndarray) -> set[tuple[float, ...]]:
    """Distinct rows that no other row weakly dominates (>= everywhere, > somewhere)."""
    rows = [tuple(r) for r in points]
    kept = set()
    for r in rows:
        a = np.array(r)
        if not any((np.array(o) >= a).all() and (np.array(o) > a).any() for o in rows):
            kept.add(r)
    return kept


def all_packages(tables: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    packages = np.array(list(itertools.product(*[range(t.shape[0]) for t in tables])))
    return packages, package_utilities(tables, packages)


# Small integer grids produce many ties and duplicates, the cases where frontier code breaks.
points_strategy = st.integers(1, 5).flatmap(
    lambda d: arrays(
        np.float64,
        st.tuples(st.integers(1, 120), st.just(d)),
        elements=st.integers(0, 4).map(float),
    )
)


@settings(max_examples=150, deadline=None)
@given(points_strategy)
def test_nondominated_matches_brute_force_with_ties(points: np.ndarray) -> None:
    kept = nondominated(points)
    assert {tuple(r) for r in points[kept]} == brute_force_frontier(points)
    assert len(kept) == len({tuple(r) for r in points[kept]})  # one row per distinct vector


def test_nondominated_large_cloud_uses_recursive_path() -> None:
    # 3000 points: above the all-pairs limit, so the divide-and-conquer code runs.
    rng = np.random.default_rng(5)
    for d in (2, 3, 4, 5):
        points = np.round(rng.random((3000, d)), 2)
        points[:, 0] = 1.0 - points[:, 1]  # a large frontier, many ties
        kept = nondominated(points)
        mask = np.ones(len(points), dtype=bool)
        for k in range(len(points)):
            others = np.all(points >= points[k], axis=1) & np.any(points > points[k], axis=1)
            mask[k] = not others.any()
        assert {tuple(r) for r in points[kept]} == {tuple(r) for r in points[mask]}


tables_strategy = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.lists(
        arrays(
            np.float64,
            st.tuples(st.integers(1, 4), st.just(shape[0])),
            elements=st.one_of(st.integers(0, 3).map(float), st.floats(0, 1)),
        ),
        min_size=shape[1],
        max_size=shape[1],
    )
)


@settings(max_examples=150, deadline=None)
@given(tables_strategy)
def test_merged_frontier_equals_brute_force(tables: list[np.ndarray]) -> None:
    _, utilities = all_packages(tables)
    expected = brute_force_frontier(utilities)
    merged = pareto_frontier(tables)
    exhaustive = pareto_frontier_exhaustive(tables, chunk_rows=7)  # many tiny chunks
    assert {tuple(u) for u in merged.utilities} == expected
    assert {tuple(u) for u in exhaustive.utilities} == expected
    # Each representative package really has the utilities reported for it.
    np.testing.assert_array_equal(package_utilities(tables, merged.packages), merged.utilities)
    np.testing.assert_array_equal(
        package_utilities(tables, exhaustive.packages), exhaustive.utilities
    )


@settings(max_examples=60, deadline=None)
@given(tables_strategy, st.data())
def test_frontier_restricted_to_allowed_options(
    tables: list[np.ndarray], data: st.DataObject
) -> None:
    allowed = [
        np.array(data.draw(st.lists(st.booleans(), min_size=t.shape[0], max_size=t.shape[0])))
        for t in tables
    ]
    result = pareto_frontier(tables, allowed)
    packages, utilities = all_packages(tables)
    inside = np.ones(len(packages), dtype=bool)
    for j, mask in enumerate(allowed):
        inside &= mask[packages[:, j]]
    expected = brute_force_frontier(utilities[inside]) if inside.any() else set()
    assert {tuple(u) for u in result.utilities} == expected
    for j, mask in enumerate(allowed):
        assert mask[result.packages[:, j]].all()


def test_iter_packages_enumerates_every_package_once_in_chunks() -> None:
    sizes = [3, 1, 4, 2]
    blocks = list(iter_packages(sizes, chunk_rows=5))
    assert all(len(b) <= 5 for b in blocks)
    stacked = np.concatenate(blocks)
    assert [tuple(r) for r in stacked] == list(itertools.product(*[range(s) for s in sizes]))


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from(["linear", "quadratic", "risk"]))
def test_options_outside_the_span_of_ideal_points_are_dominated(
    make_scenario: ScenarioFactory, seed: int, shape: str
) -> None:
    """Lemma of docs/deals.md: with single-peaked utilities, on each issue an option beyond the
    nearest option at or past the outermost ideal point (on either side) is dominated."""
    scenario = make_scenario(seed, n_actors=4, n_issues=3, options=6)
    space = build_space(scenario, SpaceSettings(utility=shape, risk_exponent=1.7))
    for j in range(len(space.issues)):
        weighted = space.salience[:, j] > 0
        if not weighted.any():
            continue
        ideals = space.ideal[weighted, j]
        options = space.options[j]
        kept = set(undominated_options(space.contributions[j]).tolist())
        above = np.flatnonzero(options >= ideals.max())
        below = np.flatnonzero(options <= ideals.min())
        for k in range(len(options)):
            outside_high = above.size and options[k] > options[above[0]]
            outside_low = below.size and options[k] < options[below[-1]]
            if outside_high or outside_low:
                assert k not in kept
