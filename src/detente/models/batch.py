"""Many variants of one scenario as arrays, for the models' batch kernels (``run_batch``).

A Monte Carlo chunk holds ``n`` draws of every position, salience, red line and capability.
The kernels see them as *lanes*: one lane per (draw, issue), one column per actor holding a
position on the issue, sorted by actor id exactly as :func:`detente.models._common.issue_arrays`
sorts them, so each lane is the same arithmetic as one issue of one per-draw ``run``. Issues
held by the same number of actors share one :class:`Lanes` block (``draws x issues`` rows), so
the flagship's 20 issues are four blocks and the kernels loop over blocks, not issues or draws.

A batch kernel returns ``(draws, issues)`` forecasts equal to the per-draw ``run`` (tested
draw by draw), or ``None`` when it does not cover the parameters asked for; the caller then
runs the model per draw. No pydantic object is built inside a kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.models._common import FloatArray

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Lanes:
    """Rows are lanes (draw, issue); columns the actors on the issue, sorted by actor id."""

    position: FloatArray  # (lanes, k)
    capability: FloatArray  # (lanes, k)
    salience: FloatArray  # (lanes, k), 0..1
    red_line: FloatArray  # (lanes, k), NaN where the actor has none
    status_quo: FloatArray  # (lanes,), NaN where the issue has none

    @property
    def weight(self) -> FloatArray:
        """Capability x salience, as :attr:`IssueArrays.weight`."""
        return self.capability * self.salience

    def take(self, rows: IntArray) -> Lanes:
        return Lanes(
            self.position[rows],
            self.capability[rows],
            self.salience[rows],
            self.red_line[rows],
            self.status_quo[rows],
        )


@dataclass(frozen=True)
class LaneGroup:
    """The issues held by ``k`` actors each: lane ``draw * len(columns) + g`` is draw ``draw``
    of issue ``columns[g]`` (an index into :attr:`ScenarioBatch.issues`)."""

    columns: IntArray
    lanes: Lanes


@dataclass(frozen=True)
class ScenarioBatch:
    issues: tuple[str, ...]  # the issues at least one actor holds a position on, in order
    draws: int
    groups: tuple[LaneGroup, ...]

    def collect(self, kernel: Callable[[Lanes], FloatArray]) -> FloatArray:
        """``kernel`` (one value per lane) over every group, as a (draws, issues) array."""
        out = np.full((self.draws, len(self.issues)), np.nan)
        for group in self.groups:
            values = kernel(group.lanes)
            out[:, group.columns] = values.reshape(self.draws, group.columns.size)
        return out


@dataclass(frozen=True)
class IssueLayout:
    issue: str
    positions: IntArray  # indices into scenario.positions, sorted by actor id
    actors: IntArray  # indices into scenario.actors, same order
    status_quo: float | None


def layout(scenario: Scenario) -> list[IssueLayout]:
    """Which position and actor columns each issue's lanes read (issues nobody holds: none)."""
    actor_index = {a.id: j for j, a in enumerate(scenario.actors)}
    held: dict[str, list[int]] = {issue.id: [] for issue in scenario.issues}
    for i, p in enumerate(scenario.positions):
        held[p.issue].append(i)
    result = []
    for issue in scenario.issues:
        rows = sorted(held[issue.id], key=lambda i: scenario.positions[i].actor)
        if rows:
            actors = [actor_index[scenario.positions[i].actor] for i in rows]
            result.append(
                IssueLayout(
                    issue.id,
                    np.array(rows, dtype=np.int64),
                    np.array(actors, dtype=np.int64),
                    issue.status_quo,
                )
            )
    return result


def scenario_batch(
    scenario: Scenario,
    position: FloatArray,
    salience: FloatArray,
    red_line: FloatArray,
    capability: FloatArray,
) -> ScenarioBatch:
    """``n`` variants: ``position``, ``salience`` (0-100) and ``red_line`` are (n, positions)
    in ``scenario.positions`` order, ``capability`` is (n, actors) in ``scenario.actors`` order."""
    n = position.shape[0]
    issues = layout(scenario)
    by_size: dict[int, list[int]] = {}
    for g, item in enumerate(issues):
        by_size.setdefault(item.positions.size, []).append(g)
    groups = []
    for members in by_size.values():
        rows = np.stack([issues[g].positions for g in members])  # (issues, k)
        actors = np.stack([issues[g].actors for g in members])
        k = rows.shape[1]
        sq = np.array(
            [np.nan if issues[g].status_quo is None else issues[g].status_quo for g in members]
        )
        # C order, row by row: numpy sums a row of a C-ordered block pairwise, as it sums the
        # 1-D array of one issue; a column-major block (fancy indexing may return one) is
        # summed in another order and rounds differently.
        lanes = Lanes(
            position=np.ascontiguousarray(position[:, rows].reshape(-1, k)),
            capability=np.ascontiguousarray(capability[:, actors].reshape(-1, k)),
            salience=np.ascontiguousarray((salience[:, rows] / 100.0).reshape(-1, k)),
            red_line=np.ascontiguousarray(red_line[:, rows].reshape(-1, k)),
            status_quo=np.tile(sq, n),
        )
        _check_weights(lanes, [issues[g].issue for g in members])
        groups.append(LaneGroup(np.array(members, dtype=np.int64), lanes))
    return ScenarioBatch(tuple(i.issue for i in issues), n, tuple(groups))


def _check_weights(lanes: Lanes, issues: list[str]) -> None:
    """DT504 as :func:`issue_arrays` raises it, for the first issue with no weight in a draw."""
    dead = ~(lanes.weight.sum(axis=1) > 0.0)
    if dead.any():
        issue = issues[int(np.flatnonzero(dead)[0]) % len(issues)]
        raise DetenteError(
            "DT504",
            "every actor on the issue has zero capability or zero salience",
            location=f"issue {issue!r}",
            hint="give at least one actor a capability and salience above 0",
        )


def single_issue_lanes(
    position: FloatArray,
    capability: FloatArray,
    salience: FloatArray,
    red_line: FloatArray,
    status_quo: float | None,
) -> Lanes:
    """One issue of one scenario as a single lane (how the per-scenario ``run`` calls kernels)."""
    return Lanes(
        position[None, :],
        capability[None, :],
        salience[None, :],
        red_line[None, :],
        np.array([np.nan if status_quo is None else status_quo]),
    )


def weighted_mean(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Per row, ``(weights * values).sum() / weights.sum()`` as the models compute a weighted
    mean. numpy's pairwise sum of a row is the sum of the same 1-D array, bit for bit, wherever
    the row lies in memory; a BLAS dot (``@``) is not: its rounding follows the alignment."""
    total = (weights * values).sum(axis=1)
    return np.asarray(total / weights.sum(axis=1), dtype=np.float64)


def weighted_median_rows(values: FloatArray, weights: FloatArray) -> FloatArray:
    """:func:`detente.models._common.weighted_median` per row, with its arithmetic."""
    order = np.argsort(values, axis=1, kind="stable")
    v = np.take_along_axis(values, order, axis=1)
    w = np.take_along_axis(weights, order, axis=1)
    cumulative = np.cumsum(w, axis=1)
    total = cumulative[:, -1]
    half = total / 2.0
    tol = 1e-12 * total
    # searchsorted(side="left") on a non-decreasing row: the number of entries below the target
    low = (cumulative < (half - tol)[:, None]).sum(axis=1)
    rows = np.arange(values.shape[0])
    n = values.shape[1]
    nxt = np.minimum(low + 1, n - 1)
    tie = (np.abs(cumulative[rows, low] - half) <= tol) & (low + 1 < n)
    return np.asarray(np.where(tie, (v[rows, low] + v[rows, nxt]) / 2.0, v[rows, low]))
