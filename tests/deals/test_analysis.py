"""Utilities, red lines, zones, solution points and logrolls on generated and hand-made cases."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from detente.deals import SpaceSettings, analyse, build_space, logrolls, value_of_distance
from detente.domain import Actor, Issue, Position, Scenario
from detente.errors import DetenteError

ScenarioFactory = Callable[..., Scenario]


def every_package(space) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    packages = np.array(list(itertools.product(*[range(o.size) for o in space.options])))
    return packages, space.utilities(packages)


def exact_utilities(
    scenario: Scenario,
    space,  # type: ignore[no-untyped-def]
    packages: np.ndarray,
    shape: str = "linear",
) -> list[tuple[Fraction, ...]]:
    """Each package's utility per kept actor in exact arithmetic, up to a positive factor.

    Utility weighted by salience share is sum_j v(|o_j - p_j| / 100) * s_j / S with v(d) = 1 - d
    (linear) or 1 - d^2 (quadratic); the factor 1/S per actor does not change dominance, so the
    exact v x salience sums are compared. Positions, saliences and options are decimals, read
    exactly with ``str``.
    """
    exact: list[tuple[Fraction, ...]] = []
    for pkg in packages:
        row = []
        for actor in space.actors:
            total = Fraction(0)
            for j, issue in enumerate(space.issues):
                held = scenario.position(actor, issue)
                if held is None:
                    continue
                option = Fraction(str(float(space.options[j][pkg[j]])))
                distance = min(abs(option - Fraction(str(held.position))) / 100, Fraction(1))
                value = 1 - distance if shape == "linear" else 1 - distance * distance
                total += value * Fraction(str(held.salience))
            row.append(total)
        exact.append(tuple(row))
    return exact


def exact_front(points: list[tuple[Fraction, ...]]) -> set[tuple[Fraction, ...]]:
    """The strong-Pareto frontier of ``points`` compared exactly."""
    return {
        u
        for u in points
        if not any(all(v >= w for v, w in zip(o, u, strict=True)) and o != u for o in points)
    }


def two_party_trade() -> Scenario:
    """A cares about security, B about money; they stand at opposite ends of both axes."""
    actors = (Actor(id="north", name="Northland"), Actor(id="south", name="Southland"))
    issues = (
        Issue(id="security", name="Border security", proposition="a demilitarised border zone"),
        Issue(id="money", name="Reconstruction fund", proposition="a joint reconstruction fund"),
    )
    positions = (
        Position(actor="north", issue="security", position=100, salience=90),
        Position(actor="north", issue="money", position=0, salience=10),
        Position(actor="south", issue="security", position=0, salience=20),
        Position(actor="south", issue="money", position=100, salience=80),
    )
    return Scenario(title="trade", actors=actors, issues=issues, positions=positions)


def test_linear_utility_matches_the_formula_by_hand() -> None:
    space = build_space(two_party_trade(), SpaceSettings(grid=5))
    package = np.array([[3, 1]])  # security 75, money 25
    north = (90 * (1 - 25 / 100) + 10 * (1 - 25 / 100)) / 100
    south = (20 * (1 - 75 / 100) + 80 * (1 - 75 / 100)) / 100
    np.testing.assert_allclose(space.utilities(package)[0], [north, south])


def test_value_shapes() -> None:
    d = np.linspace(0, 1, 11)
    np.testing.assert_allclose(value_of_distance(d, "risk", 1.0), value_of_distance(d, "linear"))
    for shape, r in (("linear", 1.0), ("quadratic", 1.0), ("risk", 0.5), ("risk", 2.5)):
        v = value_of_distance(d, shape, r)
        assert v[0] == pytest.approx(1.0) and v[-1] == pytest.approx(0.0)
        assert (np.diff(v) < 0).all()  # single-peaked: strictly worse with distance
    # r > 1 values moderate distances more than linear (risk-acceptant), r < 1 less.
    assert value_of_distance(np.array([0.5]), "risk", 2.0)[0] > 0.5
    assert value_of_distance(np.array([0.5]), "risk", 0.5)[0] < 0.5
    with pytest.raises(DetenteError, match="DT602"):
        value_of_distance(d, "cubic")
    with pytest.raises(DetenteError, match="DT602"):
        value_of_distance(d, "risk", 0.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), shape=st.sampled_from(["linear", "quadratic", "risk"]))
@example(seed=289, shape="linear")  # packages tied exactly on one party, apart in float sums
def test_solution_points_are_the_brute_force_optima(
    make_scenario: ScenarioFactory, seed: int, shape: str
) -> None:
    rng = np.random.default_rng(seed)
    scenario = make_scenario(
        seed, n_actors=int(rng.integers(2, 5)), n_issues=int(rng.integers(1, 5))
    )
    reservation = {"actor0": float(rng.choice([0.0, 0.3]))}
    result = analyse(
        scenario, SpaceSettings(utility=shape, risk_exponent=1.5, reservation=reservation)
    )
    space = result.space
    packages, utilities = every_package(space)
    d = space.reservation
    ok = (utilities >= d).all(axis=1)
    assert len(result.acceptable) > 0  # no red lines here
    cand = utilities[ok]
    tol = 1e-9
    nash = result.point("nash")
    gains = cand - d
    positive = (gains > 0).all(axis=1)
    if positive.any():
        assert nash is not None
        best = np.log(gains[positive]).sum(axis=1).max()
        assert np.log(nash[1] - d).sum() == pytest.approx(best, abs=tol)
    utilitarian = result.point("utilitarian")
    assert utilitarian is not None and utilitarian[1].sum() == pytest.approx(
        cand.sum(axis=1).max(), abs=tol
    )
    egalitarian = result.point("egalitarian")
    assert egalitarian is not None
    assert (egalitarian[1] - d).min() == pytest.approx((cand - d).min(axis=1).max(), abs=tol)
    ks = result.point("kalai_smorodinsky")
    assert ks is not None
    ideal = cand.max(axis=0)
    span = np.where(ideal - d > 0, ideal - d, 1.0)
    share = ((cand - d) / span).min(axis=1)
    assert ((ks[1] - d) / span).min() == pytest.approx(share.max(), abs=tol)
    # The frontier of all packages is exactly the brute-force frontier, compared in exact
    # arithmetic where the utility shape allows it (the risk shape is irrational: its entries
    # are judged on the frontier module's 2^-40 grid, so 9 decimals compare it here).
    if shape == "risk":
        frontier = {tuple(np.round(u, 9)) for u in result.frontier.utilities}
        undominated = {
            tuple(np.round(u, 9))
            for u in utilities
            if not (np.all(utilities >= u, axis=1) & np.any(utilities > u, axis=1)).any()
        }
        assert frontier == undominated
        return
    got = exact_utilities(scenario, space, result.frontier.packages, shape)
    assert len(set(got)) == len(got)
    assert set(got) == exact_front(exact_utilities(scenario, space, packages, shape))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000))
@example(seed=400)  # a package that ties its dominator exactly: float sums kept it
def test_red_lines_and_zones_against_brute_force(make_scenario: ScenarioFactory, seed: int) -> None:
    scenario = make_scenario(seed, n_actors=3, n_issues=3, red_line_rate=0.5)
    result = analyse(scenario)
    space = result.space
    packages, _ = every_package(space)
    # A package is acceptable when every position's red line accepts its outcome.
    acceptable = np.array(
        [
            all(
                pos.accepts(float(space.options[j][pkg[j]]))
                for j, issue in enumerate(space.issues)
                for pos in scenario.positions_on(issue)
            )
            for pkg in packages
        ]
    )
    assert result.zone_empty == (not acceptable.any())
    for zone, j in zip(result.zones, range(len(space.issues)), strict=True):
        expected = [
            float(o)
            for o in space.options[j]
            if all(p.accepts(float(o)) for p in scenario.positions_on(space.issues[j]))
        ]
        assert list(zone.options) == expected
    if result.zone_empty:
        assert set(result.emptied_by) == {z.issue for z in result.zones if z.empty}
        assert result.emptied_by
        return
    # Exact arithmetic: float sums of tied packages can differ in the last bit (issue 17).
    inside = exact_utilities(scenario, space, packages[acceptable])
    got = exact_utilities(scenario, space, result.acceptable.packages)
    assert len(set(got)) == len(got)
    assert set(got) == exact_front(inside)
    assert space.red_lines_met(result.acceptable.packages).all()


def test_conflicting_red_lines_name_the_issue_and_the_actors() -> None:
    base = two_party_trade()
    positions = list(base.positions)
    positions[0] = Position(actor="north", issue="security", position=100, salience=90, red_line=70)
    positions[2] = Position(actor="south", issue="security", position=0, salience=20, red_line=40)
    scenario = base.model_copy(update={"positions": tuple(positions)})
    result = analyse(scenario)
    assert result.zone_empty and result.emptied_by == ("security",)
    zone = result.zones[0]
    assert (zone.low, zone.high, zone.low_set_by, zone.high_set_by) == (70, 40, "north", "south")
    assert result.to_json()["zopa"]["solutions_from"] == "all_packages"  # type: ignore[index]


def test_reservation_utility_can_empty_the_zone() -> None:
    result = analyse(two_party_trade(), SpaceSettings(reservation={"north": 0.99, "south": 0.99}))
    assert result.zone_empty
    assert result.emptied_by == ("reservation:jointly",)  # each alone could reach 0.99
    base = two_party_trade()
    positions = list(base.positions)
    positions[0] = Position(actor="north", issue="security", position=90, salience=90)
    off_grid = base.model_copy(update={"positions": tuple(positions)})
    # 90 is not on the 5-point grid, so North's best package is worth 0.9 · 0.9 + 0.1 = 0.91.
    blocked = analyse(off_grid, SpaceSettings(reservation={"north": 0.95}))
    assert blocked.zone_empty and blocked.emptied_by == ("reservation:north",)
    reachable = analyse(off_grid, SpaceSettings(reservation={"north": 0.91}))
    assert not reachable.zone_empty
    assert (reachable.acceptable.utilities[:, 0] >= 0.91 - 1e-12).all()


def test_logroll_found_and_explained() -> None:
    scenario = two_party_trade()
    space = build_space(scenario)
    trades = logrolls(space, scenario)
    assert trades, "the textbook logroll must be found"
    best = trades[0]
    assert (best.giver_a, best.issue_a, best.giver_b, best.issue_b) == (
        "north",
        "money",
        "south",
        "security",
    )
    assert best.gains["north"] > 0 and best.gains["south"] > 0
    assert best.joint_gain == pytest.approx(best.gains["north"] + best.gains["south"])
    for words in ("Northland", "Southland", "Reconstruction fund", "Border security"):
        assert words in best.explanation
    # The reported gains are the utility changes from the baseline package.
    from detente.deals import baseline_package

    base = baseline_package(space, scenario)
    trade = np.array(
        [
            [
                int(np.flatnonzero(space.options[j] == best.package[i])[0])
                for j, i in enumerate(space.issues)
            ]
        ]
    )
    change = space.utilities(trade)[0] - space.utilities(base[None, :])[0]
    np.testing.assert_allclose(change, [best.gains["north"], best.gains["south"]])


def test_no_logroll_when_priorities_agree() -> None:
    base = two_party_trade()
    positions = [p.model_copy(update={"salience": 50.0}) for p in base.positions]
    scenario = base.model_copy(update={"positions": tuple(positions)})
    assert logrolls(build_space(scenario), scenario) == []


def test_bad_settings_are_coded_errors() -> None:
    scenario = two_party_trade()
    with pytest.raises(DetenteError, match="DT601"):
        SpaceSettings(grid=1)
    with pytest.raises(DetenteError, match="DT601"):
        build_space(scenario, SpaceSettings(issues=("nope",)))
    with pytest.raises(DetenteError, match="DT601"):
        SpaceSettings(reservation={"north": 1.5})
    with pytest.raises(DetenteError, match="DT601"):
        analyse(scenario, pairs=[("north", "atlantis")])
    with pytest.raises(DetenteError, match="DT603"):
        analyse(scenario, max_frontier=1)


def test_top_issues_keeps_the_most_salient_contested_issues(make_scenario: ScenarioFactory) -> None:
    scenario = make_scenario(11, n_actors=4, n_issues=8)
    space = build_space(scenario, SpaceSettings(top_issues=3))
    assert len(space.issues) == 3
    total = {i.id: sum(p.salience for p in scenario.positions_on(i.id)) for i in scenario.issues}
    contested = [i for i in total if len(scenario.positions_on(i)) >= 2]
    assert sorted(total[i] for i in space.issues) == sorted(total[i] for i in contested)[-3:]
    assert set(space.dropped_issues) == {i.id for i in scenario.issues} - set(space.issues)


def test_space_settings_are_one_frozen_value_shared_by_every_step() -> None:
    reservation = {"north": 0.2}
    space_settings = SpaceSettings(grid=3, reservation=reservation, issues=("money",))
    reservation["north"] = 0.9  # the caller's dict does not reach into the settings
    assert space_settings.reservation == {"north": 0.2}
    with pytest.raises(AttributeError):
        setattr(space_settings, "grid", 7)  # noqa: B010 - the dataclass is frozen
    result = analyse(two_party_trade(), space_settings)
    assert result.space.issues == ("money",)
    assert [o.size for o in result.space.options] == [3]
    assert result.space.reservation.tolist() == [0.2, 0.0]


def test_a_space_too_large_is_refused_before_the_expensive_merge(
    make_scenario: ScenarioFactory,
) -> None:
    """COP21's shape (15 parties x 13 issues x 5 options) once ran past 300 s before DT603."""
    scenario = make_scenario(3, n_actors=15, n_issues=13, coverage=1.0, options=5)
    with pytest.raises(DetenteError, match=r"DT603.*next merge would test") as refused:
        analyse(scenario)
    assert "of 13 issues" in str(refused.value)
