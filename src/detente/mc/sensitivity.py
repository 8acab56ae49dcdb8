"""One-at-a-time sweeps and tornado data: which input moves which forecast most.

Each input is set to a low and a high value with everything else at its base: capability x0.8
and x1.2, salience and position -/+ their default spread (:func:`detente.mc.draws.position_sd`),
clipped to the axis. The swing |forecast(high) - forecast(low)| ranks the inputs per forecast.
"""

from __future__ import annotations

from collections.abc import Sequence

from detente.domain import Scenario
from detente.mc.draws import position_sd
from detente.mc.whatif import apply_set
from detente.models.registry import run_models

Forecasts = dict[str, dict[str, float]]


def _clip(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return min(high, max(low, value))


def sweep_inputs(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(input label, --set for low, --set for high) for every input."""
    inputs = []
    for a in scenario.actors:
        inputs.append(
            (
                f"{a.id}.capability",
                f"{a.id}.capability={a.capability * 0.8}",
                f"{a.id}.capability={a.capability * 1.2}",
            )
        )
    for p in scenario.positions:
        sd = position_sd(p)
        for field, base in (("salience", p.salience), ("position", p.position)):
            label = f"{p.actor}.{field}.{p.issue}"
            inputs.append((label, f"{label}={_clip(base - sd)}", f"{label}={_clip(base + sd)}"))
    return inputs


def _positions(scenario: Scenario, models: Sequence[str]) -> Forecasts:
    return {m: f.positions() for m, f in run_models(scenario, models).items()}


def tornado(scenario: Scenario, models: Sequence[str], top: int = 10) -> dict[str, object]:
    """Per model and issue, the ``top`` inputs by swing, with the low and high forecasts."""
    base = _positions(scenario, models)
    rows: dict[str, dict[str, list[dict[str, object]]]] = {
        m: {i: [] for i in issues} for m, issues in base.items()
    }
    for label, low_set, high_set in sweep_inputs(scenario):
        low = _positions(apply_set(scenario, low_set), models)
        high = _positions(apply_set(scenario, high_set), models)
        for model, issues in base.items():
            for issue in issues:
                lo, hi = low[model][issue], high[model][issue]
                if lo != hi:
                    rows[model][issue].append(
                        {"input": label, "low": lo, "high": hi, "swing": abs(hi - lo)}
                    )
    return {
        "base": base,
        "tornado": {
            m: {
                i: sorted(r, key=lambda e: (-float(e["swing"]), str(e["input"])))[:top]  # type: ignore[arg-type]
                for i, r in issues.items()
            }
            for m, issues in rows.items()
        },
    }
