"""The public contract every forecast model keeps, in the spirit of scikit-learn's
``parametrize_with_checks``::

    from detente.models.checks import parametrize_with_checks

    @parametrize_with_checks([MY_SPEC])
    def test_my_model(spec, check):
        check(spec)

Each check runs a model on a fixed, seeded set of small scenarios and raises
``AssertionError`` naming the scenario when a property fails. The properties are the ones any
reading of "a forecast of where the actors end up" must keep: unanimity, actor order and
capability units don't matter, the forecast stays within the positions, mirroring the axis
mirrors the forecast, an actor holding nearly all the weight gets its way, and the seed is
honoured (a model declared deterministic must ignore it; any other must repeat itself for the
same seed and record it). "Return the largest position" fails the mirror check; "mean + 50,
clamped" fails the mirror and the dominant-actor checks (tests/models/test_checks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.domain import Actor, Issue, Position, Scenario

if TYPE_CHECKING:
    from detente.models.registry import ModelSpec

Check = Callable[["ModelSpec"], None]
_TOL = 1e-6
_CASES = 12
_SEEDS = (7, 11)


def toy_scenarios(count: int = _CASES, seed: int = 20260) -> list[Scenario]:
    """Small scenarios (2-6 actors, 1-3 issues) with integer positions, drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    result: list[Scenario] = []
    for case in range(count):
        n, m = int(rng.integers(2, 7)), int(rng.integers(1, 4))
        actors = tuple(
            Actor(id=f"a{k}", name=f"A{k}", capability=float(rng.integers(1, 20))) for k in range(n)
        )
        issues = tuple(Issue(id=f"i{j}", name=f"I{j}", proposition=f"issue {j}") for j in range(m))
        positions = tuple(
            Position(
                actor=a.id,
                issue=i.id,
                position=float(rng.integers(0, 101)),
                salience=float(rng.integers(10, 101)),
            )
            for a in actors
            for i in issues
        )
        result.append(
            Scenario(title=f"toy {case}", actors=actors, issues=issues, positions=positions)
        )
    return result


def _positions(spec: ModelSpec, scenario: Scenario, seed: int = _SEEDS[0]) -> dict[str, float]:
    return spec.run(scenario, None, seed).positions()


def _fail(name: str, scenario: Scenario, detail: str) -> AssertionError:
    return AssertionError(f"{name}: {detail} on scenario {scenario.title!r}")


def check_unanimity(spec: ModelSpec) -> None:
    """Everyone at one position: the forecast is that position."""
    for scenario in toy_scenarios():
        common = float(scenario.positions[0].position)
        same = scenario.model_copy(
            update={
                "positions": tuple(
                    p.model_copy(update={"position": common}) for p in scenario.positions
                )
            }
        )
        for issue, value in _positions(spec, same).items():
            if abs(value - common) > _TOL:
                raise _fail("unanimity", scenario, f"{issue} -> {value}, all at {common}")


def check_actor_order(spec: ModelSpec) -> None:
    """Listing the actors and positions in reverse order changes nothing."""
    for scenario in toy_scenarios():
        reversed_ = scenario.model_copy(
            update={"actors": scenario.actors[::-1], "positions": scenario.positions[::-1]}
        )
        if _positions(spec, reversed_) != _positions(spec, scenario):
            raise _fail("actor order", scenario, "reversing the actors changed the forecast")


def check_capability_units(spec: ModelSpec) -> None:
    """Multiplying every capability by 8 (exact in floating point) changes nothing."""
    for scenario in toy_scenarios():
        scaled = scenario.model_copy(
            update={
                "actors": tuple(
                    a.model_copy(update={"capability": a.capability * 8.0}) for a in scenario.actors
                )
            }
        )
        if _positions(spec, scaled) != _positions(spec, scenario):
            raise _fail("capability units", scenario, "scaling capabilities changed it")


def check_within_positions(spec: ModelSpec) -> None:
    """Every issue gets a forecast, inside the range of the positions held on it."""
    for scenario in toy_scenarios():
        result = _positions(spec, scenario)
        for issue in scenario.issues:
            held = [p.position for p in scenario.positions_on(issue.id)]
            value = result.get(issue.id)
            if value is None or not min(held) - _TOL <= value <= max(held) + _TOL:
                raise _fail("within positions", scenario, f"{issue.id} -> {value}, held {held}")


def check_mirror(spec: ModelSpec) -> None:
    """Mirroring the axis (x -> 100 - x) mirrors the forecast: no side is favoured."""
    for scenario in toy_scenarios():
        mirrored = scenario.model_copy(
            update={
                "positions": tuple(
                    p.model_copy(update={"position": 100.0 - p.position})
                    for p in scenario.positions
                )
            }
        )
        plain, flipped = _positions(spec, scenario), _positions(spec, mirrored)
        for issue, value in plain.items():
            if abs(value - (100.0 - flipped[issue])) > 1e-4:
                raise _fail("mirror", scenario, f"{issue}: {value} vs mirrored {flipped[issue]}")


def check_dominant_actor(spec: ModelSpec) -> None:
    """An actor with 99.9% of the capability, and the top salience, gets (nearly) its way."""
    for scenario in toy_scenarios():
        top = scenario.actors[0].id
        others = sum(a.capability for a in scenario.actors[1:])
        strong = scenario.model_copy(
            update={
                "actors": (
                    scenario.actors[0].model_copy(update={"capability": 999.0 * max(others, 1)}),
                    *scenario.actors[1:],
                ),
                "positions": tuple(
                    p.model_copy(update={"salience": 100.0}) if p.actor == top else p
                    for p in scenario.positions
                ),
            }
        )
        wanted = {p.issue: p.position for p in strong.positions if p.actor == top}
        for issue, value in _positions(spec, strong).items():
            if abs(value - wanted[issue]) > 1.0:
                raise _fail("dominant actor", scenario, f"{issue} -> {value}, not {wanted[issue]}")


def check_seed(spec: ModelSpec) -> None:
    """A deterministic model ignores the seed; any other repeats itself for the same seed."""
    for scenario in toy_scenarios():
        runs = {seed: spec.run(scenario, None, seed) for seed in _SEEDS}
        for seed, forecast in runs.items():
            if forecast.seed != seed or forecast.model != spec.id:
                raise _fail("seed", scenario, f"forecast records seed {forecast.seed}, not {seed}")
            again = spec.run(scenario, None, seed)
            if again.model_dump() != forecast.model_dump():
                raise _fail("seed", scenario, f"seed {seed} gave two different forecasts")
        if spec.deterministic:
            first, second = (runs[s].model_dump(exclude={"seed"}) for s in _SEEDS)
            if first != second:
                raise _fail("seed", scenario, "declared deterministic, but the seed matters")


CHECKS: tuple[Check, ...] = (
    check_unanimity,
    check_actor_order,
    check_capability_units,
    check_within_positions,
    check_mirror,
    check_dominant_actor,
    check_seed,
)


def all_checks() -> Iterator[tuple[str, Check]]:
    for check in CHECKS:
        yield check.__name__, check


def parametrize_with_checks(specs: Sequence[ModelSpec]) -> Any:
    """A ``pytest.mark.parametrize`` over every (model, check) pair, ids ``model-check``."""
    import pytest  # a test-time dependency only: importing this module must not need it

    pairs = [(spec, check) for spec in specs for _, check in all_checks()]
    ids = [f"{spec.id}-{check.__name__.removeprefix('check_')}" for spec, check in pairs]
    return pytest.mark.parametrize(("spec", "check"), pairs, ids=ids)
