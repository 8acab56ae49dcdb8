"""Model cost is estimated before any model runs: a 3,000-row actor table took minutes of CPU
in bdm.v1 and smp.v1 (actor pairs and triples per round); now it is refused at once (DT506)
with what to narrow, and the models that fit still run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.models.registry import MODELS
from detente.workflows.forecast import MODEL_COSTS, check_model_cost, model_cost

runner = CliRunner()


def actor_table(path: Path, rows: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    lines = ["Actor,Capability,Position,Salience"] + [
        f"A{k},{rng.uniform(0.1, 1):.3f},{rng.uniform(0, 10):.2f},{rng.randint(1, 100)}"
        for k in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_every_registered_model_has_a_cost_model() -> None:
    assert set(MODEL_COSTS) == set(MODELS)


def test_a_3000_row_actor_table_is_refused_before_any_model_runs(tmp_path: Path) -> None:
    table = actor_table(tmp_path / "big.csv", 3000)
    result = runner.invoke(app, ["forecast", str(table)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"[DT506] {table}: the forecast would run too long on 3,000")
    assert "bdm.v1 about" in result.stderr and "smp.v1 about" in result.stderr
    assert "--param bdm.v1:max_rounds=N" in result.stderr
    assert "--model compromise.v1 --model median.v1" in result.stderr
    assert "Traceback" not in result.output


def test_the_models_that_fit_still_run_on_the_big_table(tmp_path: Path) -> None:
    table = actor_table(tmp_path / "big.csv", 3000)
    result = runner.invoke(app, ["forecast", str(table), "-m", "compromise.v1", "--json"])
    assert result.exit_code == 0, result.output
    assert '"compromise.v1"' in result.stdout


def test_the_estimate_grows_with_the_shape_and_the_rounds(tmp_path: Path) -> None:
    small = load_scenario(actor_table(tmp_path / "s.csv", 100))
    large = load_scenario(actor_table(tmp_path / "l.csv", 200))
    bdm_small, bdm_large = model_cost([small], "bdm.v1"), model_cost([large], "bdm.v1")
    assert bdm_small is not None and bdm_large is not None
    assert bdm_large.steps == pytest.approx(4 * bdm_small.steps)  # actor pairs
    smp_small, smp_large = model_cost([small], "smp.v1"), model_cost([large], "smp.v1")
    assert smp_small is not None and smp_large is not None
    assert smp_large.steps == pytest.approx(8 * smp_small.steps)  # actor triples
    fewer = model_cost([large], "bdm.v1", {"max_rounds": 1})
    assert fewer is not None and fewer.steps == pytest.approx(bdm_large.steps / 10)
    # A parameter of the wrong type is the model's own error; the estimate keeps the default.
    assert model_cost([large], "bdm.v1", {"max_rounds": "many"}) == bdm_large


def test_fewer_rounds_bring_a_model_within_its_budget(tmp_path: Path) -> None:
    scenario = load_scenario(actor_table(tmp_path / "t.csv", 2500))
    with pytest.raises(DetenteError) as refused:
        check_model_cost(scenario, ["bdm.v1"])
    assert refused.value.code == "DT506"
    check_model_cost(scenario, ["bdm.v1"], {"bdm.v1": {"max_rounds": 5}})


def test_the_flagship_fits_every_budget(flagship_path: Path) -> None:
    check_model_cost(load_scenario(flagship_path), list(MODELS))
