"""The batch kernels (``run_batch``) give exactly the per-draw ``run`` forecasts.

Draws come from the Monte Carlo sampler (seeded), so the inputs are the ones a real run feeds the
kernels: positions clipped onto 0 and 100 (actors sharing a position, which bdm pools), red lines
on both sides, capabilities scaled. Equality is exact (``assert_array_equal``): each kernel
repeats its model's arithmetic operation for operation, so any difference is a bug.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.mc.draws import Draws, draw, scenario_arrays, variant
from detente.models import MODELS, bdm_batch
from detente.models.batch import ScenarioBatch, scenario_batch
from detente.models.bdm_batch import BROADCAST_COUNT_UP_TO

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
KERNEL_MODELS = ("compromise.v1", "median.v1", "nash.v1", "bdm.v1")


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP)


def _draws(scenario: Scenario, n: int, seed: int) -> tuple[Draws, ScenarioBatch]:
    d = draw(scenario_arrays(scenario), np.random.default_rng(seed), n)
    return d, scenario_batch(scenario, d.position, d.salience, d.red_line, d.capability)


def _per_draw(
    scenario: Scenario, d: Draws, batch: ScenarioBatch, model: str, params: dict | None
) -> np.ndarray:
    out = np.empty((batch.draws, len(batch.issues)))
    for row in range(batch.draws):
        forecast = MODELS[model].run(variant(scenario, d, row), params, None).positions()
        out[row] = [forecast[i] for i in batch.issues]
    return out


def _kernel(model: str, batch: ScenarioBatch, params: dict | None) -> np.ndarray:
    spec = MODELS[model]
    assert spec.run_batch is not None
    result = spec.run_batch(batch, params)
    assert result is not None
    return result


@pytest.mark.parametrize("model", KERNEL_MODELS)
def test_kernel_equals_per_draw_run_on_250_flagship_draws(flagship: Scenario, model: str) -> None:
    d, batch = _draws(flagship, 250, seed=2025)
    got = _kernel(model, batch, None)
    np.testing.assert_array_equal(got, _per_draw(flagship, d, batch, model, None))
    assert got.shape == (250, 20) and np.isfinite(got).all()
    assert np.ptp(got, axis=0).max() > 1.0  # the draws do move the forecasts


@pytest.mark.parametrize(
    "params",
    [
        {"conflict": "no_move", "offer_choice": "strongest", "forecast": "mean"},
        {"risk_exponents": "carried", "security_view": "target", "octant_view": "perceived"},
        {"distance_scale": "current_range", "compromise_shift": "signed", "T_rule": "better"},
        {"distance_scale": "axis", "red_lines": "ignore", "resist_salience": "challenger"},
        {"risk_exponents": "off", "Q": 0.5, "T_rule": "worse", "tolerance": -1.0},
    ],
)
def test_bdm_kernel_follows_every_reading_of_the_paper(flagship: Scenario, params: dict) -> None:
    crowd = crowded(actors=BROADCAST_COUNT_UP_TO + 4, issues=4, seed=5)
    for scenario, n in ((flagship, 30), (crowd, 6)):
        d, batch = _draws(scenario, n, seed=7)
        got = _kernel("bdm.v1", batch, params)
        np.testing.assert_array_equal(got, _per_draw(scenario, d, batch, "bdm.v1", params))


@pytest.mark.parametrize(
    "params",
    [
        {"utility_exponent": 1.0},
        {"utility_exponent": 3.5, "disagreement": "status_quo"},
        {"disagreement": "worst"},
    ],
)
def test_nash_kernel_follows_its_parameters(flagship: Scenario, params: dict) -> None:
    crowd = crowded(actors=BROADCAST_COUNT_UP_TO + 4, issues=4, seed=6)
    for scenario, n in ((flagship, 30), (crowd, 6)):
        d, batch = _draws(scenario, n, seed=8)
        got = _kernel("nash.v1", batch, params)
        np.testing.assert_array_equal(got, _per_draw(scenario, d, batch, "nash.v1", params))


def test_nash_below_gamma_one_has_no_kernel(flagship: Scenario) -> None:
    _, batch = _draws(flagship, 3, seed=1)
    run_batch = MODELS["nash.v1"].run_batch
    assert run_batch is not None
    assert run_batch(batch, {"utility_exponent": 0.5}) is None


def crowded(actors: int, issues: int, seed: int) -> Scenario:
    """Many actors, some issues held by few of them, positions often at the ends of the axis."""
    rng = np.random.default_rng(seed)
    positions = []
    for j in range(issues):
        holders = actors if j % 2 == 0 else int(rng.integers(1, actors))
        for i in rng.permutation(actors)[:holders]:
            x = float(rng.choice([0.0, 100.0, rng.uniform(0, 100)]))
            entry = {"actor": f"a{i:02d}", "issue": f"i{j}", "position": x}
            entry["salience"] = float(rng.uniform(5, 100))
            if rng.uniform() < 0.3:
                entry["red_line"] = float(min(100.0, x + 20)) if x < 50 else float(max(0.0, x - 20))
            positions.append(entry)
    return Scenario.model_validate(
        {
            "title": "crowded",
            "actors": [
                {"id": f"a{i:02d}", "name": f"A{i}", "capability": float(rng.uniform(1, 100))}
                for i in range(actors)
            ],
            "issues": [
                {"id": f"i{j}", "name": f"I{j}", "proposition": f"P{j}", "status_quo": 30.0}
                for j in range(issues)
            ],
            "positions": positions,
        }
    )


def test_kernels_on_many_actors_and_uneven_issues() -> None:
    scenario = crowded(actors=BROADCAST_COUNT_UP_TO + 4, issues=6, seed=3)
    d, batch = _draws(scenario, 12, seed=4)
    assert max(g.lanes.position.shape[1] for g in batch.groups) > BROADCAST_COUNT_UP_TO
    assert len(batch.groups) > 1
    for model in KERNEL_MODELS:
        got = _kernel(model, batch, None)
        np.testing.assert_array_equal(got, _per_draw(scenario, d, batch, model, None))


def test_zero_weight_issue_is_the_same_coded_error(flagship: Scenario) -> None:
    data = flagship.model_dump()
    for actor in data["actors"]:
        actor["capability"] = 0.0
    dead = Scenario.model_validate(data)
    d = draw(scenario_arrays(dead), np.random.default_rng(0), 2)
    with pytest.raises(DetenteError) as per_draw:
        MODELS["median.v1"].run(variant(dead, d, 0), None, None)
    with pytest.raises(DetenteError) as batched:
        scenario_batch(dead, d.position, d.salience, d.red_line, d.capability)
    assert batched.value.code == per_draw.value.code == "DT504"
    assert batched.value.location == per_draw.value.location


def test_bdm_kernel_in_small_passes_gives_the_same_forecasts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = crowded(actors=BROADCAST_COUNT_UP_TO + 4, issues=4, seed=9)
    d, batch = _draws(scenario, 8, seed=10)
    whole = _kernel("bdm.v1", batch, None)
    monkeypatch.setattr(bdm_batch, "PAIRS_PER_PASS", 3 * 16 * 16)  # three lanes a pass
    np.testing.assert_array_equal(_kernel("bdm.v1", batch, None), whole)
    np.testing.assert_array_equal(whole, _per_draw(scenario, d, batch, "bdm.v1", None))
