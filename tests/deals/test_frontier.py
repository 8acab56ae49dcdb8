"""The frontier algorithms against brute force on small generated cases."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
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
from detente.domain import Actor, Issue, Position, Scenario

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


def exact_utilities(tables: list[np.ndarray], packages: np.ndarray) -> set[tuple[Fraction, ...]]:
    """Utility vectors of ``packages`` in exact rational arithmetic.

    Each entry is read as the decimal it was written as (``Fraction(str(x))``), so the sums are
    those of the numbers the case means, not float sums whose last bit depends on the order.
    """
    exact = [[[Fraction(str(v)) for v in row] for row in t.tolist()] for t in tables]
    return {
        tuple(sum(exact[j][p[j]][a] for j in range(len(tables))) for a in range(tables[0].shape[1]))
        for p in packages.tolist()
    }


def exact_frontier(tables: list[np.ndarray], packages: np.ndarray) -> set[tuple[Fraction, ...]]:
    """The strong-Pareto frontier of ``packages`` in exact arithmetic (``exact_utilities``)."""
    sums = exact_utilities(tables, packages)
    return {
        u
        for u in sums
        if not any(o != u and all(x >= y for x, y in zip(o, u, strict=True)) for o in sums)
    }


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


def _milli(k: int) -> float:
    return k / 1000


tables_strategy = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.lists(
        arrays(
            np.float64,
            st.tuples(st.integers(1, 4), st.just(shape[0])),
            # Decimals with ties in exact arithmetic whose float sums differ in the last bit.
            elements=st.one_of(st.integers(0, 3).map(float), st.integers(0, 1000).map(_milli)),
        ),
        min_size=shape[1],
        max_size=shape[1],
    )
)


@settings(max_examples=150, deadline=None)
@given(tables_strategy)
def test_merged_frontier_equals_brute_force(tables: list[np.ndarray]) -> None:
    packages, _ = all_packages(tables)
    expected = exact_frontier(tables, packages)
    merged = pareto_frontier(tables)
    exhaustive = pareto_frontier_exhaustive(tables, chunk_rows=7)  # many tiny chunks
    assert exact_utilities(tables, merged.packages) == expected
    assert exact_utilities(tables, exhaustive.packages) == expected
    assert len(merged) == len(expected) == len(exhaustive)  # one package per frontier point
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
    packages, _ = all_packages(tables)
    inside = np.ones(len(packages), dtype=bool)
    for j, mask in enumerate(allowed):
        inside &= mask[packages[:, j]]
    expected = exact_frontier(tables, packages[inside]) if inside.any() else set()
    assert exact_utilities(tables, result.packages) == expected
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


def tied_scenario(seed: int, n_actors: int, n_issues: int) -> Scenario:
    """Positions on a 25-point grid and saliences 1-3: many packages tie in exact arithmetic."""
    rng = np.random.default_rng(seed)
    actors = tuple(Actor(id=f"actor{i}", name=f"Party {i}") for i in range(n_actors))
    grid = (0.0, 25.0, 50.0, 75.0, 100.0)
    issues = tuple(
        Issue(id=f"issue{j}", name=f"Q{j}", proposition=f"measure {j}", options=grid)
        for j in range(n_issues)
    )
    positions = tuple(
        Position(
            actor=a.id,
            issue=i.id,
            position=float(rng.choice(grid)),
            salience=float(rng.integers(1, 4)),
        )
        for a in actors
        for i in issues
    )
    return Scenario(title="ties", actors=actors, issues=issues, positions=positions)


@pytest.mark.parametrize("seed", range(6))
def test_salience_weighted_space_is_exactly_strong_pareto(seed: int) -> None:
    """3 parties x 5 issues x 5 options with exact ties, against an exact integer brute force.

    The deal space divides by each actor's salience total, so its float contributions carry
    rounding and float sums of tied packages differ in the last bit; the frontier must still be
    the exact one (value x salience, in integers).
    """
    space = build_space(tied_scenario(seed, n_actors=3, n_issues=5))
    scale = space.salience.sum(axis=1)
    exact = [np.round(t * scale[None, :] * 100).astype(np.int64) for t in space.contributions]
    packages, _ = all_packages(list(space.contributions))
    sums = sum(exact[j][packages[:, j]] for j in range(len(exact)))
    distinct = np.unique(sums, axis=0)
    dominated = np.zeros(len(distinct), dtype=bool)
    for k, row in enumerate(distinct):
        dominated[k] = ((distinct >= row).all(axis=1) & (distinct > row).any(axis=1)).any()
    expected = {tuple(r) for r in distinct[~dominated].tolist()}
    for frontier in (
        pareto_frontier(space.contributions, scale=scale),
        pareto_frontier_exhaustive(space.contributions, scale=scale),
    ):
        got = sum(exact[j][frontier.packages[:, j]] for j in range(len(exact)))
        assert {tuple(r) for r in got.tolist()} == expected
        assert len(frontier) == len(expected)
