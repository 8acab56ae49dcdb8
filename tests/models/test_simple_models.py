"""compromise.v1, median.v1 and nash.v1 on cases whose answers follow from their definitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError
from detente.models import MODELS, nash
from detente.models._common import weighted_median
from model_strategies import one_issue


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.floats(0, 100).map(lambda v: round(v, 3)),
            st.floats(0.001, 10).map(lambda v: round(v, 3)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_weighted_median_minimises_the_weighted_distance(data: list[tuple[float, float]]) -> None:
    x = np.array([d[0] for d in data])
    w = np.array([d[1] for d in data])
    median = weighted_median(x, w)
    cost = lambda m: float(w @ np.abs(x - m))  # noqa: E731
    assert cost(median) <= min(cost(v) for v in x) + 1e-9


def test_weighted_median_of_an_exact_tie_is_the_midpoint() -> None:
    assert weighted_median(np.array([80.0, 20.0]), np.array([1.0, 1.0])) == 50.0


def test_compromise_weights_capability_times_salience() -> None:
    scenario = one_issue([0, 100], saliences=[50, 100], capabilities=[3, 1])
    result = MODELS["compromise.v1"].run(scenario, None, 0)
    assert result.positions()["q"] == pytest.approx(100 * 100 / (150 + 100))
    shares = {m.actor: m.values["weight_share"] for m in result.issues["q"].moves}
    assert shares == pytest.approx({"a0": 0.6, "a1": 0.4})


def test_actors_without_a_position_take_no_part() -> None:
    scenario = one_issue([10, 90], [50, 50])
    extra = scenario.model_copy(
        update={"actors": (*scenario.actors, scenario.actors[0].model_copy(update={"id": "z"}))}
    )
    for model_id in MODELS:
        assert MODELS[model_id].run(extra, None, 0).positions() == pytest.approx(
            MODELS[model_id].run(scenario, None, 0).positions()
        )


def test_zero_weight_everywhere_is_a_coded_error() -> None:
    with pytest.raises(DetenteError) as caught:
        MODELS["compromise.v1"].run(one_issue([10, 90], [0, 0]), None, 0)
    assert caught.value.code == "DT504"


def test_nash_is_symmetric_between_equal_parties() -> None:
    result = nash.run(one_issue([20, 80], [50, 50]), None, 0)
    assert result.positions()["q"] == pytest.approx(50.0, abs=1e-6)


@pytest.mark.parametrize("gamma", [1.0, 2.0, 3.0])
def test_nash_solution_is_a_stationary_point_of_the_nash_product(gamma: float) -> None:
    x = np.array([5.0, 30.0, 62.0, 95.0])
    caps, sal = [2.0, 1.0, 3.0, 1.5], [90.0, 40.0, 70.0, 100.0]
    result = nash.run(one_issue(list(x), sal, caps), {"utility_exponent": gamma}, 0)
    solution = result.positions()["q"]
    w = np.array(caps) * np.array(sal)
    reach = np.maximum(x, 100 - x) / 100

    def product(t: float) -> float:
        return float(w @ np.log(reach**gamma - (np.abs(t - x) / 100) ** gamma))

    for step in (1e-3, 1e-2, 1.0):
        assert product(solution) >= product(solution - step) - 1e-12
        assert product(solution) >= product(solution + step) - 1e-12


def test_nash_respects_a_red_line() -> None:
    # The heavy actor wants 100; the light one would accept nothing beyond 30.
    scenario = one_issue([0, 100], [50, 50], [1, 20], red_lines=[30, None])
    solution = nash.run(scenario, None, 0).positions()["q"]
    assert 0 < solution < 30
    unconstrained = nash.run(scenario, {"disagreement": "worst"}, 0).positions()["q"]
    assert unconstrained > 30


def test_nash_reports_incompatible_red_lines_and_falls_back() -> None:
    scenario = one_issue([0, 100], [50, 50], red_lines=[20, 70])
    result = nash.run(scenario, None, 0)
    kinds = [m.kind for m in result.issues["q"].moves]
    assert kinds[0] == "no_zone"
    fallback = nash.run(scenario, {"disagreement": "worst"}, 0)
    assert result.positions() == pytest.approx(fallback.positions())


def test_nash_status_quo_at_an_actors_ideal_leaves_no_zone() -> None:
    # The actor already has what it wants: no outcome makes both better off than the status
    # quo, so the zone is the single point 40 where nobody gains. That is no zone (nash.py).
    scenario = one_issue([40, 90], [50, 50], status_quo=40)
    result = nash.run(scenario, {"disagreement": "status_quo"}, 0)
    assert result.issues["q"].moves[0].kind == "no_zone"
    worst = nash.run(scenario, {"disagreement": "worst"}, 0)
    assert result.positions() == pytest.approx(worst.positions())


@pytest.mark.parametrize("disagreement", ["status_quo", "red_line"])
def test_nash_status_quo_strictly_between_the_positions_is_no_zone(disagreement: str) -> None:
    # Left of 50 the actor accepts only outcomes below 50, right of it only above: the zone
    # collapses to 50, where every gain is zero. The old rule returned 50 with no no_zone move.
    scenario = one_issue([20, 80], [50, 50], capabilities=[3, 1], status_quo=50)
    result = nash.run(scenario, {"disagreement": disagreement}, 0)
    assert result.issues["q"].moves[0].kind == "no_zone"
    position = result.positions()["q"]
    assert 20 < position < 50  # the far-end fallback, pulled toward the heavier actor
    worst = nash.run(scenario, {"disagreement": "worst"}, 0)
    assert position == pytest.approx(worst.positions()["q"])
