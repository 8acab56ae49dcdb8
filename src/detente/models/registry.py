"""Every forecast model by its versioned id. A changed algorithm gets a new id; old ids stay."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from detente.domain import Forecast, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.models import bdm, bdm_batch, compromise, exchange, median, nash, smp
from detente.models._common import FloatArray
from detente.models.batch import ScenarioBatch

RunFunction = Callable[[Scenario, dict[str, ParamValue] | None, int | None], Forecast]
# (draws, issues) forecasts of many variants at once, equal to ``run`` per draw; None when the
# parameters asked for are not covered (the caller then runs ``run`` per draw).
BatchFunction = Callable[[ScenarioBatch, dict[str, ParamValue] | None], FloatArray | None]


@dataclass(frozen=True)
class ModelSpec:
    id: str
    run: RunFunction
    defaults: Mapping[str, ParamValue] = field(default_factory=dict)
    summary: str = ""
    # True when no step is random: the seed is recorded and must not change the forecast.
    deterministic: bool = True
    # True when the forecast on an issue depends only on that issue's positions and the actors'
    # capabilities (the model runs issue by issue), so a change on one issue can be re-run on
    # that issue alone (the sensitivity sweeps do; tests/mc/test_sensitivity.py checks it).
    per_issue: bool = False
    # Vectorised over Monte Carlo draws (models/batch.py); None: Monte Carlo calls ``run``.
    run_batch: BatchFunction | None = None


MODELS: dict[str, ModelSpec] = {
    spec.id: spec
    for spec in (
        ModelSpec(
            compromise.MODEL_ID,
            compromise.run,
            compromise.DEFAULTS,
            "capability × salience weighted mean (Achen's compromise model)",
            per_issue=True,
            run_batch=compromise.run_batch,
        ),
        ModelSpec(
            median.MODEL_ID,
            median.run,
            median.DEFAULTS,
            "capability × salience weighted median (median voter)",
            per_issue=True,
            run_batch=median.run_batch,
        ),
        ModelSpec(
            nash.MODEL_ID,
            nash.run,
            nash.DEFAULTS,
            "asymmetric Nash bargaining solution, disagreement at red line or status quo",
            per_issue=True,
            run_batch=nash.run_batch,
        ),
        ModelSpec(
            bdm.MODEL_ID,
            bdm.run,
            bdm.DEFAULTS,
            "Bueno de Mesquita expected-utility model (Scholz, Calbert & Smith 2011)",
            per_issue=True,
            run_batch=bdm_batch.run_batch,
        ),
        ModelSpec(
            exchange.MODEL_ID,
            exchange.run,
            exchange.DEFAULTS,
            "Stokman's equal-gain exchange model: vote trades across pairs of issues",
            deterministic=False,
        ),
        ModelSpec(
            smp.MODEL_ID,
            smp.run,
            smp.DEFAULTS,
            "KTAB Spatial Model of Politics: challenges, bargains, Condorcet elections",
        ),
    )
}


def get_model(model_id: str) -> ModelSpec:
    try:
        return MODELS[model_id]
    except KeyError:
        raise DetenteError(
            "DT501",
            f"unknown model {model_id!r}",
            hint=f"known models: {', '.join(MODELS)}",
        ) from None


def run_model(
    model_id: str,
    scenario: Scenario,
    params: dict[str, ParamValue] | None = None,
    seed: int | None = None,
) -> Forecast:
    return get_model(model_id).run(scenario, params, seed)


def select_issues(scenario: Scenario, issue_ids: Sequence[str]) -> Scenario:
    """The scenario cut down to ``issue_ids`` (all issues when empty); DT505 for unknown ids."""
    if not issue_ids:
        return scenario
    known = {issue.id for issue in scenario.issues}
    for issue_id in issue_ids:
        if issue_id not in known:
            raise DetenteError(
                "DT505", f"no issue {issue_id!r} in the scenario", hint=f"known: {', '.join(known)}"
            )
    wanted = set(issue_ids)
    return scenario.model_copy(
        update={
            "issues": tuple(i for i in scenario.issues if i.id in wanted),
            "positions": tuple(p for p in scenario.positions if p.issue in wanted),
        }
    )


def run_models(
    scenario: Scenario,
    model_ids: Sequence[str] = (),
    *,
    issue_ids: Sequence[str] = (),
    params: Mapping[str, dict[str, ParamValue]] | None = None,
    seed: int | None = None,
) -> dict[str, Forecast]:
    """Every model in ``model_ids`` (all registered models when empty) on the chosen issues."""
    chosen = list(dict.fromkeys(model_ids)) or list(MODELS)
    specs = [get_model(model_id) for model_id in chosen]
    subset = select_issues(scenario, issue_ids)
    return {spec.id: spec.run(subset, (params or {}).get(spec.id), seed) for spec in specs}


def parse_param(assignment: str) -> tuple[str, str, ParamValue]:
    """``"bdm.v1:Q=0.5"`` -> ``("bdm.v1", "Q", 0.5)``; numbers and true/false are converted."""
    model_id, sep, rest = assignment.partition(":")
    name, eq, text = rest.partition("=")
    if not sep or not eq or not name:
        raise DetenteError(
            "DT503", f"cannot read parameter {assignment!r}", hint="write MODEL:NAME=VALUE"
        )
    get_model(model_id)
    value: ParamValue = text
    if text.lower() in ("true", "false"):
        value = text.lower() == "true"
    else:
        for convert in (int, float):
            try:
                value = convert(text)
                break
            except ValueError:
                continue
    return model_id, name, value


def collect_params(assignments: Sequence[str]) -> dict[str, dict[str, ParamValue]]:
    """Parameters per model from ``MODEL:NAME=VALUE`` strings (later ones win)."""
    params: dict[str, dict[str, ParamValue]] = {}
    for assignment in assignments:
        model_id, name, value = parse_param(assignment)
        params.setdefault(model_id, {})[name] = value
    return params
