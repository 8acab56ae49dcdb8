"""The public model contract (detente.models.checks) over every registered model, and proof
that it catches wrong models: mutated toy models must fail at least one check."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from detente.domain import Forecast, IssueForecast, Scenario
from detente.domain.forecast import ParamValue
from detente.models import MODELS
from detente.models.checks import Check, all_checks, parametrize_with_checks
from detente.models.registry import ModelSpec, get_model, run_models


@parametrize_with_checks(sorted(MODELS.values(), key=lambda spec: spec.id))
def test_every_registered_model_keeps_the_contract(spec: ModelSpec, check: Check) -> None:
    check(spec)


def _per_issue(
    model_id: str, rule: Callable[[np.ndarray, np.ndarray], float], seeded: bool = False
) -> ModelSpec:
    """A toy model applying ``rule(positions, weights)`` per issue."""

    def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
        capability = {a.id: a.capability for a in scenario.actors}
        issues = {}
        for issue in scenario.issues:
            held = scenario.positions_on(issue.id)
            x = np.array([p.position for p in held])
            w = np.array([capability[p.actor] * p.salience for p in held])
            value = rule(x, w) + (1e-9 * np.random.default_rng(seed).random() if seeded else 0.0)
            issues[issue.id] = IssueForecast(issue=issue.id, position=float(value))
        return Forecast(model=model_id, seed=seed, issues=issues)

    return ModelSpec(model_id, run)


def _mean(x: np.ndarray, w: np.ndarray) -> float:
    return float(np.clip(w @ x / w.sum(), x.min(), x.max()))


MUTANTS = {
    "largest position": _per_issue("toy.largest", lambda x, w: float(x.max())),
    "mean + 50, clamped": _per_issue(
        "toy.mean50", lambda x, w: float(np.clip(w @ x / w.sum() + 50.0, x.min(), x.max()))
    ),
    "smallest position": _per_issue("toy.smallest", lambda x, w: float(x.min())),
    "unweighted midrange": _per_issue("toy.mid", lambda x, w: float((x.min() + x.max()) / 2)),
    "seed used but declared deterministic": _per_issue("toy.noisy", _mean, seeded=True),
}


def _failures(spec: ModelSpec) -> list[str]:
    failed = []
    for name, check in all_checks():
        try:
            check(spec)
        except AssertionError:
            failed.append(name)
    return failed


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_wrong_model_fails_at_least_one_check(mutant: str) -> None:
    assert _failures(MUTANTS[mutant])


def test_the_seed_check_fails_a_model_that_hides_its_randomness() -> None:
    assert _failures(MUTANTS["seed used but declared deterministic"]) == ["check_seed"]


def test_a_correct_toy_model_passes_every_check() -> None:
    assert _failures(_per_issue("toy.mean", _mean)) == []


def test_how_to_add_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # The recipe (docs/models.md, "Adding a model"): write run(scenario, params, seed),
    # register a ModelSpec under a versioned id, and run the public checks on it.
    spec = _per_issue("toy.mean.v1", _mean)
    monkeypatch.setitem(MODELS, spec.id, spec)
    assert get_model("toy.mean.v1") is spec
    assert _failures(spec) == []
    scenario = next(iter(_toy()))
    assert set(run_models(scenario, ["toy.mean.v1", "compromise.v1"])) == {
        "toy.mean.v1",
        "compromise.v1",
    }
    assert run_models(scenario, ["toy.mean.v1"])["toy.mean.v1"].positions() == pytest.approx(
        run_models(scenario, ["compromise.v1"])["compromise.v1"].positions()
    )


def _toy() -> list[Scenario]:
    from detente.models.checks import toy_scenarios

    return toy_scenarios(1)
