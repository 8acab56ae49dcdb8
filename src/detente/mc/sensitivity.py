"""Which input moves which forecast most: one-at-a-time sweeps and a variance-based ranking.

One at a time (:func:`tornado`): each input is set to a low and a high value with everything else
at its base: capability x0.8 and x1.2, salience and position -/+ their default spread
(:func:`detente.mc.draws.position_sd`), clipped to the axis. The swing |forecast(high) -
forecast(low)| ranks the inputs per forecast (tornado data).

Variance-based (:func:`sobol`): first-order Sobol indices S_i = V(E[Y | X_i]) / V(Y), the share of
a forecast's variance that input i explains alone, over the same random draws as ``detente mc``.
:func:`sobol_indices` is the estimator on any function of independent inputs: Saltelli's scheme
(two independent samples A and B of N rows; A_B^i is A with the columns of input i taken from
B), first order by Saltelli et al. (2010), S_i = mean((f(B) - m) (f(A_B^i) - f(A))) / V, total
order by Jansen (1999), ST_i = mean((f(A) - f(A_B^i))^2) / (2 V), with m and V the mean and
variance of f over A and B together. Subtracting m (as SALib does) leaves the estimate unbiased
and cuts its error several-fold for a forecast far from 0 (tests/mc/test_sensitivity.py). An
input a forecast does not depend on gets exactly 0. It costs N (inputs + 2) evaluations and its
error shrinks like 1/sqrt(N).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.mc.draws import Noise, from_noise, noise, position_sd, scenario_arrays, variant
from detente.mc.whatif import apply_set
from detente.models.registry import MODELS, run_models

Forecasts = dict[str, dict[str, float]]
FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int], None]
METHODS = ("oat", "sobol")


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


def only_issue(scenario: Scenario, issue_id: str) -> Scenario:
    """The scenario cut down to one issue and its positions (every actor kept, so nothing that
    depends on all the actors changes)."""
    return scenario.model_copy(
        update={
            "issues": tuple(i for i in scenario.issues if i.id == issue_id),
            "positions": scenario.positions_on(issue_id),
        }
    )


def _swept(
    scenario: Scenario, models: Sequence[str], base: Forecasts, assignment: str
) -> Forecasts:
    """The forecasts with one input set by ``assignment``. When the input sits on one issue, a
    model that runs issue by issue (``ModelSpec.per_issue``) is run on that issue alone and keeps
    its base forecasts elsewhere: the same numbers for a fraction of the work."""
    varied = apply_set(scenario, assignment)
    parts = assignment.partition("=")[0].split(".")
    if len(parts) != 3:
        return _positions(varied, models)
    local = [m for m in models if MODELS[m].per_issue]
    rest = [m for m in models if m not in local]
    found = _positions(varied, rest) if rest else {}  # run_models runs every model for []
    alone = _positions(only_issue(varied, parts[2]), local) if local else {}
    for model, issues in alone.items():
        found[model] = {**base[model], **issues}
    return found


def tornado(
    scenario: Scenario, models: Sequence[str], top: int = 10, progress: Progress | None = None
) -> dict[str, object]:
    """Per model and issue, the ``top`` inputs by swing, with the low and high forecasts;
    ``progress`` is told of each input swept."""
    base = _positions(scenario, models)
    rows: dict[str, dict[str, list[dict[str, object]]]] = {
        m: {i: [] for i in issues} for m, issues in base.items()
    }
    for label, low_set, high_set in sweep_inputs(scenario):
        low = _swept(scenario, models, base, low_set)
        high = _swept(scenario, models, base, high_set)
        for model, issues in base.items():
            for issue in issues:
                lo, hi = low[model][issue], high[model][issue]
                if lo != hi:
                    rows[model][issue].append(
                        {"input": label, "low": lo, "high": hi, "swing": abs(hi - lo)}
                    )
        if progress is not None:
            progress(1)
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


@dataclass(frozen=True)
class SobolIndices:
    """Indices per input (rows, in the order of the groups) and output (columns)."""

    first_order: FloatArray  # (inputs, outputs)
    total: FloatArray  # (inputs, outputs)
    variance: FloatArray  # (outputs,)
    evaluations: int


def sobol_indices(
    model: Callable[[FloatArray], FloatArray],
    a: FloatArray,
    b: FloatArray,
    groups: Sequence[Sequence[int]] | None = None,
) -> SobolIndices:
    """First-order (Saltelli 2010) and total (Jansen 1999) indices of ``model`` from two
    independent samples ``a`` and ``b`` (N rows, one column per independent input).

    ``model`` maps an (rows, columns) array to (rows, outputs). ``groups`` lists the columns of
    each input (default: every column its own input); a group's columns are swapped together.
    An output that does not vary gets indices 0. All evaluations go to ``model`` in one call.
    """
    n, k = a.shape
    if b.shape != a.shape or n < 2:
        raise DetenteError("DT605", f"Sobol needs two samples of the same shape, N >= 2 (got {n})")
    groups = [[c] for c in range(k)] if groups is None else [list(g) for g in groups]
    mixed = [a, b]
    for columns in groups:
        ab = a.copy()
        ab[:, columns] = b[:, columns]
        mixed.append(ab)
    y = np.asarray(model(np.vstack(mixed)), dtype=np.float64)
    y = y.reshape(len(mixed), n, -1)
    f_a, f_b, f_ab = y[0], y[1], y[2:]
    both = np.vstack([f_a, f_b])
    variance = np.var(both, axis=0)
    varies = variance > 1e-12 * np.maximum(1.0, np.abs(both).max(axis=0))
    safe = np.where(varies, variance, 1.0)
    centred_b = f_b - both.mean(axis=0)
    first = np.mean(centred_b[None, :, :] * (f_ab - f_a[None, :, :]), axis=1) / safe
    total = 0.5 * np.mean((f_a[None, :, :] - f_ab) ** 2, axis=1) / safe
    return SobolIndices(
        first_order=np.where(varies, first, 0.0),
        total=np.where(varies, total, 0.0),
        variance=variance,
        evaluations=n * (len(groups) + 2),
    )


def scenario_factors(scenario: Scenario) -> list[tuple[str, list[int]]]:
    """The inputs of :func:`sobol`: per actor its capability, its positions, its saliences and
    its red lines, each a group of columns of the flattened :class:`~detente.mc.draws.Noise`.

    A group moves the actor's input on every issue at once; a model that forecasts each issue
    on its own sees only the member on that issue, so for it the group's index on an issue is
    the index of that one input (the others are independent of it and do not enter).
    """
    k = len(scenario.positions)
    factors: list[tuple[str, list[int]]] = []
    for j, actor in enumerate(scenario.actors):
        held = [i for i, p in enumerate(scenario.positions) if p.actor == actor.id]
        lines = [i for i in held if scenario.positions[i].red_line is not None]
        factors.append((f"{actor.id}.capability", [3 * k + j]))
        if held:
            factors.append((f"{actor.id}.position", held))
            factors.append((f"{actor.id}.salience", [k + i for i in held]))
        if lines:
            factors.append((f"{actor.id}.red_line", [2 * k + i for i in lines]))
    return factors


def _flat(z: Noise) -> FloatArray:
    return np.hstack([z.position, z.salience, z.red_line, z.capability])


def _unflat(rows: FloatArray, k: int) -> Noise:
    return Noise(rows[:, :k], rows[:, k : 2 * k], rows[:, 2 * k : 3 * k], rows[:, 3 * k :])


def sobol(
    scenario: Scenario,
    models: Sequence[str],
    *,
    draws: int,
    seed: int,
    top: int = 10,
    progress: Progress | None = None,
) -> dict[str, object]:
    """First-order and total Sobol indices of every forecast, ``draws`` rows per sample (so
    ``draws`` x (factors + 2) model runs), ranked by first-order index per model and issue."""
    if draws < 2:
        raise DetenteError("DT605", f"Sobol needs at least 2 draws (got {draws})")
    arrays = scenario_arrays(scenario)
    rng = np.random.default_rng(seed)
    a, b = _flat(noise(arrays, rng, draws)), _flat(noise(arrays, rng, draws))
    factors = scenario_factors(scenario)
    base = _positions(scenario, models)
    outputs = [(m, i) for m, issues in base.items() for i in issues]

    def evaluate(rows: FloatArray) -> FloatArray:
        drawn = from_noise(arrays, _unflat(rows, len(scenario.positions)))
        y = np.empty((len(rows), len(outputs)))
        for r in range(len(rows)):
            found = _positions(variant(scenario, drawn, r), models)
            y[r] = [found[m][i] for m, i in outputs]
            if progress is not None:
                progress(1)
        return y

    result = sobol_indices(evaluate, a, b, [columns for _, columns in factors])
    ranking: dict[str, dict[str, list[dict[str, object]]]] = {m: {} for m in base}
    for c, (model, issue) in enumerate(outputs):
        rows = [
            {
                "input": label,
                "first_order": float(result.first_order[g, c]),
                "total": float(result.total[g, c]),
            }
            for g, (label, _) in enumerate(factors)
        ]
        rows.sort(key=lambda r: (-float(r["first_order"]), str(r["input"])))  # type: ignore[arg-type]
        ranking[model][issue] = rows[:top]
    return {
        "method": "sobol",
        "draws": draws,
        "seed": seed,
        "evaluations": result.evaluations,
        "factors": [label for label, _ in factors],
        "base": base,
        "variance": {
            m: {i: float(result.variance[c]) for c, (mm, i) in enumerate(outputs) if mm == m}
            for m in base
        },
        "sobol": ranking,
    }
