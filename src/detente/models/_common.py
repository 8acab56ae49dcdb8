"""Shared plumbing for the forecast models: per-issue arrays, parameter checking, weighted median.

Models work on plain numpy arrays, one issue at a time. Actors without a position on an issue
take no part in it; an issue nobody holds a position on gets no forecast.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detente.domain import Position, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class IssueArrays:
    """The actors holding a position on one issue, sorted by actor id (so order never matters)."""

    issue: str
    actors: tuple[str, ...]
    position: FloatArray
    capability: FloatArray
    salience: FloatArray  # 0..1
    red_line: FloatArray  # NaN where the actor has none
    status_quo: float | None

    @property
    def weight(self) -> FloatArray:
        """Capability × salience: the weight every model here gives an actor."""
        return self.capability * self.salience


def issue_arrays(scenario: Scenario) -> list[IssueArrays]:
    """One :class:`IssueArrays` per issue that at least one actor holds a position on."""
    capability = {a.id: a.capability for a in scenario.actors}
    by_issue: dict[str, list[Position]] = {issue.id: [] for issue in scenario.issues}
    for position in scenario.positions:
        by_issue[position.issue].append(position)
    result: list[IssueArrays] = []
    for issue in scenario.issues:
        held = sorted(by_issue[issue.id], key=lambda p: p.actor)
        if not held:
            continue
        arrays = IssueArrays(
            issue=issue.id,
            actors=tuple(p.actor for p in held),
            position=np.array([p.position for p in held], dtype=np.float64),
            capability=np.array([capability[p.actor] for p in held], dtype=np.float64),
            salience=np.array([p.salience / 100.0 for p in held], dtype=np.float64),
            red_line=np.array(
                [np.nan if p.red_line is None else p.red_line for p in held], dtype=np.float64
            ),
            status_quo=issue.status_quo,
        )
        if not float(arrays.weight.sum()) > 0.0:
            raise DetenteError(
                "DT504",
                "every actor on the issue has zero capability or zero salience",
                location=f"issue {issue.id!r}",
                hint="give at least one actor a capability and salience above 0",
            )
        result.append(arrays)
    return result


def resolve_params(
    model_id: str, defaults: Mapping[str, ParamValue], given: Mapping[str, ParamValue] | None
) -> dict[str, ParamValue]:
    """``defaults`` overridden by ``given``; unknown names and wrong types are coded errors."""
    params = dict(defaults)
    for name, value in (given or {}).items():
        if name not in defaults:
            raise DetenteError(
                "DT502",
                f"unknown parameter {name!r}",
                location=model_id,
                hint=f"known: {', '.join(sorted(defaults))}" if defaults else "it takes none",
            )
        default = defaults[name]
        if isinstance(default, bool) or isinstance(value, bool):
            ok = isinstance(value, bool) and isinstance(default, bool)
        elif isinstance(default, int | float):
            ok = isinstance(value, int | float)
            if ok and isinstance(default, int):
                ok = float(value).is_integer()  # type: ignore[arg-type]
                value = int(value) if ok else value  # type: ignore[arg-type]
            elif ok:
                value = float(value)  # type: ignore[arg-type]
        else:
            ok = isinstance(value, type(default))
        if not ok:
            raise DetenteError(
                "DT503",
                f"parameter {name!r} must be like {default!r}, got {value!r}",
                location=model_id,
            )
        if isinstance(value, float) and not math.isfinite(value):
            # "nan" and "inf" parse as floats, and NaN passes every range check by comparing false.
            raise DetenteError(
                "DT503",
                f"parameter {name!r} must be a finite number, got {value}",
                location=model_id,
            )
        params[name] = value
    return params


def weighted_median(values: FloatArray, weights: FloatArray) -> float:
    """The weighted median: the smallest value whose cumulative weight reaches half.

    Equivalently the point minimising the weighted sum of distances (the position that
    beats every other in pairwise weighted votes); when a whole interval minimises it, its
    midpoint is returned so that the answer does not depend on the order of the actors.
    """
    order = np.argsort(values, kind="stable")
    v = values[order]
    w = weights[order]
    cumulative = np.cumsum(w)
    half = cumulative[-1] / 2.0
    # Relative tolerance: a cumulative weight equal to half (up to rounding) is a tie.
    tol = 1e-12 * cumulative[-1]
    low = int(np.searchsorted(cumulative, half - tol, side="left"))
    if abs(cumulative[low] - half) <= tol and low + 1 < len(v):
        return float((v[low] + v[low + 1]) / 2.0)
    return float(v[low])


def float_param(params: Mapping[str, ParamValue], name: str) -> float:
    value = params[name]
    assert isinstance(value, int | float)
    return float(value)


def int_param(params: Mapping[str, ParamValue], name: str) -> int:
    value = params[name]
    assert isinstance(value, int)
    return value


def str_param(params: Mapping[str, ParamValue], name: str) -> str:
    value = params[name]
    assert isinstance(value, str)
    return value


def check_choice(model_id: str, name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise DetenteError(
            "DT503",
            f"parameter {name!r} must be one of {', '.join(choices)}; got {value!r}",
            location=model_id,
        )
    return value
