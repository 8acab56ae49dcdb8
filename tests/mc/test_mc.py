from pathlib import Path

import numpy as np
import pytest

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.mc import Backend, run_mc
from detente.mc.backends import chunk_tasks
from detente.mc.chunk import chunk_draws, run_chunk
from detente.mc.draws import draw, position_sd, scenario_arrays, variant
from detente.mc.summary import Tally
from detente.models import run_models

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
    # exchange.v1 has no batch kernel: the per-draw path runs on every back-end too.
    models = [*MODELS, "bdm.v1", "nash.v1", "exchange.v1"]

    def run(backend: Backend) -> dict[str, object]:
        return run_mc(
            flagship, models, draws=60, seed=7, chunk=25, backend=backend, deal_draws=2
        ).to_json({})

    serial = run(Backend("serial"))
    assert serial == run(Backend("processes", workers=2))
    assert serial == run(Backend("dask", workers=2))
    assert serial["deals"]["nash_package"]["draws"] == 2  # type: ignore[index]
    other = run_mc(flagship, MODELS, draws=60, seed=8).to_json({})
    assert other["forecasts"] != serial["forecasts"]


def test_chunk_size_does_not_change_the_draws(flagship: Scenario) -> None:
    models = [*MODELS, "bdm.v1"]
    one_block = run_mc(flagship, models, draws=130, seed=3, chunk=25).to_json({})
    for chunk in (1, 7, 100, None):
        again = run_mc(flagship, models, draws=130, seed=3, chunk=chunk).to_json({})
        assert again == one_block, chunk


def test_red_line_counts_follow_position_accepts(flagship: Scenario) -> None:
    task = chunk_tasks(flagship, ["median.v1"], 40, 5, 40)[0]
    d = chunk_draws(task)
    result = run_chunk(task)
    expected: dict[tuple[str, str], int] = {}
    for row in range(40):
        scenario = variant(flagship, d, row)
        outcome = run_models(scenario, ["median.v1"])["median.v1"].positions()
        for p in scenario.positions:
            if p.red_line is not None:
                key = (p.issue, p.actor)
                expected[key] = expected.get(key, 0) + int(p.accepts(outcome[p.issue]))
    got = {
        (issue, actor): count
        for issue, tally in result.forecasts["median.v1"].items()
        for actor, count in tally.inside.items()
    }
    assert got == expected
    assert 0 in got.values() and max(got.values()) > 0  # parties never and sometimes inside


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
