"""bdm.v1: its parts against direct, unvectorised readings of the formulas, and its moves."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.errors import DetenteError
from detente.io import load_scenario
from detente.models import bdm
from model_strategies import one_issue

positions = arrays(
    np.float64,
    st.integers(1, 9),
    # Axis positions at micro-point resolution: subnormal gaps would only test float rounding.
    elements=st.one_of(
        st.sampled_from([0.0, 30.0, 50.0, 100.0]), st.floats(0, 100).map(lambda v: round(v, 6))
    ),
)


def brute_force_probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    n = len(x)
    prob = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if x[i] == x[j]:
                continue
            votes = w * (np.abs(x - x[j]) - np.abs(x - x[i]))
            total = np.abs(votes).sum()
            prob[i, j] = votes[votes > 0].sum() / total if total > 0 else 0.5
    return prob


@settings(max_examples=200, deadline=None)
@given(x=positions, data=st.data())
def test_win_probabilities_match_the_pairwise_vote_sums(x: np.ndarray, data: st.DataObject) -> None:
    weights = st.floats(0, 50).map(lambda v: round(v, 6))
    w = np.array(data.draw(st.lists(weights, min_size=len(x), max_size=len(x))))
    expected = brute_force_probabilities(x, w)
    assert np.allclose(bdm.win_probabilities(x, w), expected, atol=1e-9)


def test_win_probabilities_are_complementary() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, 40)
    prob = bdm.win_probabilities(x, rng.uniform(0.1, 5, 40))
    off_diagonal = ~np.eye(40, dtype=bool)
    assert np.allclose((prob + prob.T)[off_diagonal], 1.0)


def test_expected_utility_matches_the_formula_term_by_term() -> None:
    # i at 0, j at 1 (distance 1 on the 0–1 scale), median at 0, r = 1, P = 0.25, s_j = 0.6.
    d, e, r, p, s, q, t = 1.0, 0.0, 1.0, 0.25, 0.6, 0.5, 1.0
    success, failure = 2 - 4 * (0.5 - 0.5 * d), 2 - 4 * (0.5 + 0.5 * d)
    better = 2 - 4 * (0.5 - 0.25 * (e + d))
    status_quo = 2 - 4 * 0.5
    expected = s * (p * success + (1 - p) * failure) + (1 - s) * success
    expected -= q * status_quo + (1 - q) * t * better
    value = bdm.expected_utility(
        np.array([d]), np.array([e]), np.array([r]), np.array([p]), np.array([s]), q, np.array([t])
    )
    assert value[0] == pytest.approx(expected)
    assert expected == pytest.approx(0.6 * (0.25 * 2 + 0.75 * -2) + 0.4 * 2 - 0.5 * 0 - 0.5 * 1)


def test_risk_exponents_lie_between_half_and_two() -> None:
    scenario = one_issue([0, 10, 35, 50, 60, 90, 100], [80, 40, 60, 90, 30, 70, 50])
    forecast = bdm.run(scenario, None, 0)
    risks = [m.values["risk"] for m in forecast.issues["q"].moves if "risk" in m.values]
    assert risks
    assert all(0.5 - 1e-12 <= r <= 2 + 1e-12 for r in risks)


def test_moves_explain_the_position_changes() -> None:
    scenario = one_issue(
        positions=[0, 10, 35, 50, 60, 90, 100],
        saliences=[80, 40, 60, 90, 30, 70, 50],
        capabilities=[3, 1, 2, 4, 1, 2, 3],
    )
    result = bdm.run(scenario, {"max_rounds": 4, "tolerance": 0.0}, 0).issues["q"]
    offers = [
        m for m in result.moves if m.kind in bdm.OFFER_KINDS and m.values["from"] != m.values["to"]
    ]
    assert offers
    for move in offers:
        assert move.actor is not None and move.target is not None and move.actor != move.target
        assert move.values["eu_challenger"] > 0
        if move.kind == "compromise":
            assert move.values["eu_challenger"] > -move.values["eu_target_as_seen"]
        if move.kind == "capitulation":
            assert -move.values["eu_target_as_seen"] >= move.values["eu_challenger"]
        trail = result.actor_history[move.target]
        assert trail[move.round - 1] == pytest.approx(move.values["from"])
        assert trail[move.round] == pytest.approx(move.values["to"])
    # Every change of position in the history is explained by exactly one move.
    for actor, trail in result.actor_history.items():
        for round_number in range(1, len(trail)):
            changed = trail[round_number] != trail[round_number - 1]
            explained = [m for m in offers if m.target == actor and m.round == round_number]
            assert len(explained) == (1 if changed else 0)
    summaries = [m for m in result.moves if m.kind == "round"]
    assert [m.round for m in summaries] == list(range(1, len(result.history)))


def test_unresolved_conflicts_are_explained_but_move_nobody() -> None:
    scenario = one_issue(
        positions=[0, 10, 35, 50, 60, 90, 100],
        saliences=[80, 40, 60, 90, 30, 70, 50],
        capabilities=[3, 1, 2, 4, 1, 2, 3],
    )
    result = bdm.run(scenario, {"max_rounds": 3, "conflict": "no_move"}, 0).issues["q"]
    standoffs = [m for m in result.moves if m.kind == "conflict"]
    assert standoffs
    for move in standoffs:
        assert move.values["from"] == move.values["to"]
        assert move.values["eu_challenger"] > move.values["eu_target_as_seen"] > 0
    targets = [(m.round, m.target) for m in standoffs]
    assert len(targets) == len(set(targets))  # one per actor and round


def test_conflict_rule_changes_who_moves() -> None:
    scenario = one_issue(
        positions=[0, 10, 35, 50, 60, 90, 100],
        saliences=[80, 40, 60, 90, 30, 70, 50],
        capabilities=[3, 1, 2, 4, 1, 2, 3],
    )
    quiet = bdm.run(scenario, {"conflict": "no_move", "max_rounds": 3}, 0).issues["q"]
    fights = bdm.run(scenario, {"conflict": "higher_eu_wins", "max_rounds": 3}, 0).issues["q"]
    assert all(m.values["from"] == m.values["to"] for m in quiet.moves if m.kind == "conflict")
    assert any(m.values["from"] != m.values["to"] for m in fights.moves if m.kind == "conflict")


def test_stops_when_nobody_moves() -> None:
    # Two camps that cannot profit from challenging each other once both sit on one point.
    result = bdm.run(one_issue([20, 20, 80], [50, 50, 10], [5, 5, 1]), None, 0).issues["q"]
    assert len(result.history) < bdm.DEFAULTS["max_rounds"] + 1  # type: ignore[operator]
    assert result.position == pytest.approx(20.0)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"conflict": "maybe"}, "DT503"),
        ({"Q": 1.5}, "DT503"),
        ({"max_rounds": 0}, "DT503"),
        ({"max_rounds": "ten"}, "DT503"),
        ({"rounds": 3}, "DT502"),
    ],
)
def test_bad_parameters_are_coded_errors(params: dict[str, object], code: str) -> None:
    with pytest.raises(DetenteError) as caught:
        bdm.run(one_issue([0, 100], [50, 50]), params, 0)  # type: ignore[arg-type]
    assert caught.value.code == code


@pytest.mark.parametrize(
    "option",
    [
        "resist_salience",
        "risk_exponents",
        "security_view",
        "octant_view",
        "compromise_shift",
        "offer_choice",
        "distance_scale",
        "T_rule",
        "forecast",
    ],
)
def test_every_reading_runs_and_stays_in_range(option: str) -> None:
    scenario = one_issue(
        positions=[0, 10, 35, 50, 60, 90, 100],
        saliences=[80, 40, 60, 90, 30, 70, 50],
        capabilities=[3, 1, 2, 4, 1, 2, 3],
    )
    for choice in bdm.CHOICES[option]:
        result = bdm.run(scenario, {option: choice, "Q": 0.5}, 0).issues["q"]
        assert 0.0 <= result.position <= 100.0
        assert all(0.0 <= v <= 100.0 for trail in result.actor_history.values() for v in trail)


@pytest.mark.parametrize("conflict", ["higher_eu_wins", "no_move"])
def test_no_actor_moves_past_its_red_line(flagship_path: Path, conflict: str) -> None:
    # Flagship, territory_recognition: Ukraine's compromise offer to Russia (100) was 7.34,
    # far past Russia's red line 75; the old model accepted it whole in round 1.
    scenario = load_scenario(flagship_path)
    result = bdm.run(scenario, {"conflict": conflict}, 0)
    checked = 0
    for position in scenario.positions:
        if position.red_line is None or position.issue not in result.issues:
            continue
        trail = result.issues[position.issue].actor_history[position.actor]
        for value in trail:
            assert position.accepts(value), (position.actor, position.issue, trail)
        checked += 1
    assert checked
    stopped = [m for f in result.issues.values() for m in f.moves if "red line" in m.explanation]
    assert stopped and all(m.values["to"] != m.values["offered"] for m in stopped)


def test_red_lines_can_be_ignored_to_see_the_unconstrained_bargain(flagship_path: Path) -> None:
    scenario = load_scenario(flagship_path)
    free = bdm.run(scenario, {"red_lines": "ignore"}, 0).issues["territory_recognition"]
    assert min(free.actor_history["russia"]) < 75
