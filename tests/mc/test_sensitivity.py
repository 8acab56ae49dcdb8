"""Sensitivity: Sobol indices against known answers, on the flagship, and the sweeps' shortcut."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.mc.sensitivity import (
    _positions,
    _swept,
    only_issue,
    scenario_factors,
    sobol,
    sobol_indices,
    sweep_inputs,
)
from detente.mc.whatif import apply_set
from detente.models.registry import MODELS

FloatArray = npt.NDArray[np.float64]
FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP)


def _samples(seed: int, n: int, k: int) -> tuple[FloatArray, FloatArray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, k)), rng.standard_normal((n, k))


def test_additive_model_gets_its_analytic_indices() -> None:
    """Y = sum a_i X_i with independent standard normal X_i: S_i = ST_i = a_i^2 / sum a_j^2."""
    coefficients = np.array([1.0, 2.0, 3.0, 0.5, 0.0])
    a, b = _samples(11, 8192, len(coefficients))
    result = sobol_indices(lambda x: (x @ coefficients + 40.0)[:, None], a, b)
    expected = coefficients**2 / (coefficients**2).sum()
    assert result.first_order[:, 0] == pytest.approx(expected, abs=0.03)
    assert result.total[:, 0] == pytest.approx(expected, abs=0.03)
    assert result.first_order[4, 0] == 0.0 and result.total[4, 0] == 0.0  # X_5 does not enter
    assert result.evaluations == 8192 * (len(coefficients) + 2)


def test_interactions_show_in_the_total_not_the_first_order_index() -> None:
    """Ishigami (a=7, b=0.1) on [-pi, pi]^3: S = (0.3139, 0.4424, 0), ST_3 = 0.2437."""
    rng = np.random.default_rng(5)
    a, b = rng.uniform(-np.pi, np.pi, (2, 16384, 3))

    def ishigami(x: FloatArray) -> FloatArray:
        y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
        return y[:, None]

    result = sobol_indices(ishigami, a, b)
    assert result.first_order[:, 0] == pytest.approx([0.3139, 0.4424, 0.0], abs=0.04)
    assert result.total[:, 0] == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.04)


def test_centring_cuts_the_error_of_the_first_order_estimate() -> None:
    """The plain Saltelli (2010) estimate, without the mean taken out, errs several times more
    on a forecast far from 0 (here around 50): the reason the estimator centres."""
    coefficients = np.array([1.0, 2.0, 3.0])
    expected = coefficients**2 / (coefficients**2).sum()
    ours, plain = [], []
    for seed in range(40):
        a, b = _samples(seed, 256, 3)

        def model(x: FloatArray) -> FloatArray:
            return (x @ coefficients + 50.0)[:, None]

        ours.append(sobol_indices(model, a, b).first_order[:, 0])
        f_a, f_b = model(a)[:, 0], model(b)[:, 0]
        variance = np.var(np.concatenate([f_a, f_b]))
        estimate = []
        for i in range(3):
            mixed = a.copy()
            mixed[:, i] = b[:, i]
            estimate.append(np.mean(f_b * (model(mixed)[:, 0] - f_a)) / variance)
        plain.append(estimate)
    rmse_ours = np.sqrt(((np.array(ours) - expected) ** 2).mean())
    rmse_plain = np.sqrt(((np.array(plain) - expected) ** 2).mean())
    assert rmse_ours * 3 < rmse_plain


def test_groups_swap_their_columns_together() -> None:
    a, b = _samples(3, 4096, 4)
    groups = [[0, 1], [2]]  # X_1 and X_2 as one input; X_4 in none (never swapped)
    result = sobol_indices(lambda x: (x[:, 0] + x[:, 1] + 2 * x[:, 3])[:, None], a, b, groups)
    assert result.first_order[:, 0] == pytest.approx([2 / 6, 0.0], abs=0.04)


def test_sobol_needs_two_draws() -> None:
    a, b = _samples(1, 1, 2)
    with pytest.raises(DetenteError) as info:
        sobol_indices(lambda x: x[:, :1], a, b)
    assert info.value.code == "DT605"


def test_flagship_sobol_is_seeded_and_zero_where_an_input_cannot_enter(
    flagship: Scenario,
) -> None:
    result = sobol(flagship, ["compromise.v1"], draws=96, seed=4, top=100)
    again = sobol(flagship, ["compromise.v1"], draws=96, seed=4, top=100)
    assert result == again
    assert sobol(flagship, ["compromise.v1"], draws=96, seed=5, top=100) != result
    factors = {label for label, _ in scenario_factors(flagship)}
    assert set(result["factors"]) == factors  # type: ignore[arg-type]
    ranking = result["sobol"]["compromise.v1"]  # type: ignore[index]
    sums = []
    for issue, rows in ranking.items():
        holders = {p.actor for p in flagship.positions_on(issue)}
        by_input = {r["input"]: r for r in rows}
        for label, r in by_input.items():
            actor, field = label.split(".")
            # the compromise ignores red lines, and nobody's inputs count where it holds none
            if field == "red_line" or actor not in holders:
                assert r["first_order"] == 0.0 and r["total"] == 0.0, (issue, label)
        sums.append(sum(r["first_order"] for r in rows))
    # a weighted mean is nearly additive: its first-order indices add up to about 1 (each sum
    # carries the estimator's noise at N = 96; their mean over the 20 issues much less)
    assert 0.85 < float(np.mean(sums)) < 1.15
    # the EU-membership forecast is Russia's position (Russia alone holds one there)
    alone = {r["input"]: r["first_order"] for r in ranking["eu_membership"]}
    assert alone["russia.position"] == pytest.approx(1.0, abs=0.15)
    assert all(v == 0.0 for k, v in alone.items() if k != "russia.position")


def test_per_issue_models_forecast_an_issue_alone_as_in_the_whole(flagship: Scenario) -> None:
    """The contract behind the sweeps' shortcut, for every model that declares it."""
    declared = [m for m, spec in MODELS.items() if spec.per_issue]
    assert {"compromise.v1", "median.v1", "nash.v1", "bdm.v1"} <= set(declared)
    whole = _positions(flagship, declared)
    for issue in flagship.issues:
        alone = _positions(only_issue(flagship, issue.id), declared)
        for model in declared:
            assert alone[model] == {issue.id: whole[model][issue.id]}, (model, issue.id)


def test_sweeps_give_the_numbers_of_a_full_rerun(flagship: Scenario) -> None:
    models = list(MODELS)
    base = _positions(flagship, models)
    for _, low, high in sweep_inputs(flagship)[::17]:
        for assignment in (low, high):
            full = _positions(apply_set(flagship, assignment), models)
            assert _swept(flagship, models, base, assignment) == full, assignment


def test_cli_sensitivity_methods() -> None:
    sobol_args = ["--method", "sobol", "--draws", "8", "-m", "median.v1", "--json"]
    out = runner.invoke(app, ["sensitivity", str(FLAGSHIP), *sobol_args])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["method"] == "sobol" and doc["draws"] == 8
    rows = doc["sobol"]["median.v1"]["black_sea"]
    assert rows == sorted(rows, key=lambda r: (-r["first_order"], r["input"]))
    oat = runner.invoke(app, ["sensitivity", str(FLAGSHIP), "-m", "median.v1", "--json"])
    assert json.loads(oat.stdout)["method"] == "oat"
    bad = runner.invoke(app, ["sensitivity", str(FLAGSHIP), "--method", "morris"])
    assert bad.exit_code == 2 and "[DT612]" in bad.output
