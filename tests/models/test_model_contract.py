"""The contract every registered model keeps (DESIGN.md, "Contracts")."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.domain import Scenario
from detente.models import MODELS
from model_strategies import scenarios

MODEL_IDS = sorted(MODELS)
contract = settings(
    max_examples=int(os.environ.get("DETENTE_CONTRACT_EXAMPLES", "60")), deadline=None
)


def _forecast(model_id: str, scenario: Scenario, seed: int = 7) -> dict[str, float]:
    return MODELS[model_id].run(scenario, None, seed).positions()


@pytest.mark.parametrize("model_id", MODEL_IDS)
@contract
@given(scenario=scenarios(), common=st.floats(0.0, 100.0))
def test_unanimity_returns_the_common_position(
    model_id: str, scenario: Scenario, common: float
) -> None:
    unanimous = scenario.model_copy(
        update={
            "positions": tuple(
                p.model_copy(update={"position": common, "red_line": None})
                for p in scenario.positions
            )
        }
    )
    result = _forecast(model_id, Scenario.model_validate(unanimous.model_dump()))
    assert result
    for position in result.values():
        assert position == pytest.approx(common, abs=1e-6)


@pytest.mark.parametrize("model_id", MODEL_IDS)
@contract
@given(scenario=scenarios(), data=st.data())
def test_actor_order_does_not_matter(
    model_id: str, scenario: Scenario, data: st.DataObject
) -> None:
    actors = data.draw(st.permutations(scenario.actors))
    positions = data.draw(st.permutations(scenario.positions))
    shuffled = scenario.model_copy(update={"actors": tuple(actors), "positions": tuple(positions)})
    assert _forecast(model_id, shuffled) == _forecast(model_id, scenario)


@pytest.mark.parametrize("model_id", MODEL_IDS)
@contract
@given(scenario=scenarios(), exponent=st.integers(-12, 12).filter(lambda k: k != 0))
def test_scaling_all_capabilities_does_not_matter(
    model_id: str, scenario: Scenario, exponent: int
) -> None:
    # A power of two scales every product and sum exactly in floating point, so the test can
    # demand identical results instead of tolerating rounding that might flip a tie.
    factor = 2.0**exponent
    scaled = scenario.model_copy(
        update={
            "actors": tuple(
                a.model_copy(update={"capability": a.capability * factor}) for a in scenario.actors
            )
        }
    )
    assert _forecast(model_id, scaled) == _forecast(model_id, scenario)


@pytest.mark.parametrize("model_id", MODEL_IDS)
@contract
@given(scenario=scenarios())
def test_forecast_lies_within_the_range_of_positions(model_id: str, scenario: Scenario) -> None:
    result = _forecast(model_id, scenario)
    for issue in scenario.issues:
        held = [p.position for p in scenario.positions_on(issue.id)]
        assert issue.id in result
        assert min(held) - 1e-9 <= result[issue.id] <= max(held) + 1e-9


@pytest.mark.parametrize("model_id", MODEL_IDS)
@settings(max_examples=20, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_same_seed_same_output(model_id: str, scenario: Scenario, seed: int) -> None:
    first = MODELS[model_id].run(scenario, None, seed)
    second = MODELS[model_id].run(scenario, None, seed)
    assert first.model_dump() == second.model_dump()
    assert first.seed == seed and first.model == model_id
