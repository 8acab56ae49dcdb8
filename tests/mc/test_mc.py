from pathlib import Path

import numpy as np
import pytest

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.mc import Backend, run_mc
from detente.mc.draws import draw, position_sd, scenario_arrays
from detente.mc.summary import Tally

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
MODELS = ["compromise.v1", "median.v1"]


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP)


def test_spread_narrows_with_confidence_and_sources(flagship: Scenario) -> None:
    bare = flagship.positions[0].model_copy(update={"confidence": None, "evidence": ()})
    sure = bare.model_copy(update={"confidence": 0.9})
    assert position_sd(bare) == 15.0
    assert position_sd(sure) == pytest.approx(7.0)


def test_uncertainty_block_fixes_spreads(flagship: Scenario) -> None:
    fixed = Scenario.model_validate(
        {
            **flagship.model_dump(),
            "uncertainty": {
                "position_sd": 0.0,
                "salience_sd": 0.0,
                "red_line_sd": 0.0,
                "capability_sd": 0.0,
            },
        }
    )
    d = draw(scenario_arrays(fixed), np.random.default_rng(3), 5)
    assert np.allclose(d.position, [p.position for p in flagship.positions])
    assert np.allclose(d.capability, [a.capability for a in flagship.actors])


def test_same_seed_same_result_on_every_backend(flagship: Scenario) -> None:
    def run(backend: Backend) -> dict[str, object]:
        return run_mc(flagship, MODELS, draws=30, seed=7, chunk=10, backend=backend).to_json({})

    serial = run(Backend("serial"))
    assert serial == run(Backend("processes", workers=2))
    assert serial == run(Backend("dask", workers=2))
    other = run_mc(flagship, MODELS, draws=30, seed=8, chunk=10).to_json({})
    assert other != serial


def test_tally_counts_and_quantiles() -> None:
    tally = Tally()
    tally.add(np.linspace(0.0, 100.0, 1001))
    assert tally.n == 1001
    assert tally.above_50 == 500 and tally.below_50 == 500
    assert abs(tally.quantile(0.5) - 50.0) <= 0.25
    assert abs(tally.quantile(0.05) - 5.0) <= 0.25


def test_bad_draw_count_is_coded(flagship: Scenario) -> None:
    with pytest.raises(DetenteError) as info:
        run_mc(flagship, MODELS, draws=0, seed=1)
    assert info.value.code == "DT605"
