"""Backtest: run models on decided issues and score them against the observed outcomes.

The table (tab- or comma-separated, first line a header) has one row per decided issue, the
layout of the Decision-making in the European Union (DEU) data:

- ``p<actor>``: the actor's position, 0–100 (blank: no position on this issue);
- ``s<actor>``: its salience, 0–100 (an actor is a name with both a p- and an s-column;
  a position without salience leaves the actor out of that issue);
- ``c<actor>``: optional capability (default: the weights row, else 1);
- ``out``: the observed outcome (rows without it are skipped and counted);
- ``rp``: optional reference point / status quo;
- any other column is ignored.

With ``weights_row``, a row whose cells before the first actor column are blank, whose
``out`` is blank and whose ``p<actor>`` cells hold numbers gives each actor's capability.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from detente.domain import Actor, Issue, Position, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.models.registry import get_model

BASELINE = "compromise.v1"


@dataclass(frozen=True)
class BacktestCase:
    row: int  # line number in the file
    scenario: Scenario
    outcome: float


@dataclass(frozen=True)
class BacktestTable:
    cases: tuple[BacktestCase, ...]
    skipped: int
    actors: tuple[str, ...]


@dataclass(frozen=True)
class ModelScore:
    mae: float
    se: float | None
    n: int
    beats_compromise: float
    errors: tuple[float, ...] = field(repr=False)


def _cell_number(text: str, where: str, low: float | None, high: float | None) -> float | None:
    cell = text.strip()
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        raise DetenteError("DT512", f"{cell!r} is not a number", location=where) from None
    if (
        not math.isfinite(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        bounds = f"[{low:g}, {high:g}]" if low is not None and high is not None else ">= 0"
        raise DetenteError("DT512", f"{cell} is outside {bounds}", location=where)
    return value


@dataclass(frozen=True)
class _Layout:
    """Where things are in a backtest table: the header row and each labelled column."""

    name: str
    header_line: int
    column: dict[str, int]
    actors: tuple[str, ...]
    first_actor_col: int

    def cell(self, cells: Sequence[str], label: str) -> str:
        at = self.column.get(label)
        return cells[at] if at is not None and at < len(cells) else ""

    def number(
        self, cells: Sequence[str], label: str, line: int, low: float, high: float | None
    ) -> float | None:
        return _cell_number(self.cell(cells, label), f"{self.name}:{line}:{label}", low, high)


def _layout(rows: list[list[str]], header_line: int, name: str) -> _Layout:
    header = [cell.strip() for cell in rows[header_line]]
    column = {label: index for index, label in enumerate(header) if label}
    actors = tuple(
        label[1:]
        for label in header
        if len(label) > 1 and label[0] == "p" and f"s{label[1:]}" in column
    )
    if not actors:
        raise DetenteError(
            "DT511",
            "no actor columns: expected pairs like pDE and sDE",
            location=f"{name}:{header_line + 1}",
        )
    if "out" not in column:
        raise DetenteError("DT510", "no 'out' column", location=f"{name}:{header_line + 1}")
    first_actor_col = min(column[f"{kind}{a}"] for a in actors for kind in "ps")
    return _Layout(name, header_line, column, actors, first_actor_col)


def parse_backtest_table(text: str, name: str, *, weights_row: bool = False) -> BacktestTable:
    lines = text.splitlines()
    header_line = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_line is None:
        raise DetenteError("DT510", "the table is empty", location=name)
    delimiter = "\t" if "\t" in lines[header_line] else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    layout = _layout(rows, header_line, name)
    weights: dict[str, float] = {}
    cases: list[BacktestCase] = []
    skipped = 0
    for index in range(header_line + 1, len(rows)):
        cells = rows[index]
        if not any(cell.strip() for cell in cells):
            continue
        line = index + 1
        outcome = layout.number(cells, "out", line, 0.0, 100.0)
        if outcome is None:
            found = _weights_of_row(layout, cells, line) if weights_row else None
            if found is None:
                skipped += 1
            elif weights:
                raise DetenteError("DT512", "a second weights row", location=f"{name}:{line}")
            else:
                weights = found
            continue
        scenario = _row_scenario(layout, cells, line, weights)
        if scenario is None:
            skipped += 1
            continue
        cases.append(BacktestCase(row=line, scenario=scenario, outcome=outcome))
    if not cases:
        raise DetenteError(
            "DT513",
            "no row has both an observed outcome ('out') and a weighted position",
            hint=f"{skipped} rows skipped",
            location=name,
        )
    return BacktestTable(cases=tuple(cases), skipped=skipped, actors=layout.actors)


def _weights_of_row(layout: _Layout, cells: Sequence[str], line: int) -> dict[str, float] | None:
    """The capability weights of a row without an outcome, or None if it is not one."""
    if any(c.strip() for c in cells[: layout.first_actor_col]):
        return None
    found = {a: layout.number(cells, f"p{a}", line, 0.0, None) for a in layout.actors}
    weights = {a: v for a, v in found.items() if v is not None}
    return weights or None


def _row_scenario(
    layout: _Layout, cells: Sequence[str], line: int, weights: dict[str, float]
) -> Scenario | None:
    """One row as a one-issue scenario, or None when no actor has a weighted position."""
    status_quo = layout.number(cells, "rp", line, 0.0, 100.0)
    present: list[tuple[int, str, float, float, float]] = []
    for k, actor in enumerate(layout.actors):
        position = layout.number(cells, f"p{actor}", line, 0.0, 100.0)
        salience = layout.number(cells, f"s{actor}", line, 0.0, 100.0)
        capability = layout.number(cells, f"c{actor}", line, 0.0, None)
        if capability is None:
            capability = weights.get(actor, 1.0)
        if position is not None and salience is not None:
            present.append((k, actor, position, salience, capability))
    if not any(s * c > 0 for _, _, _, s, c in present):
        return None
    issue_id = f"row{line}"
    return Scenario(
        title=f"{layout.name} line {line}",
        actors=tuple(Actor(id=f"a{k}", name=actor, capability=c) for k, actor, _, _, c in present),
        issues=(Issue(id=issue_id, name=issue_id, proposition=issue_id, status_quo=status_quo),),
        positions=tuple(
            Position(actor=f"a{k}", issue=issue_id, position=p, salience=s)
            for k, _, p, s, _ in present
        ),
    )


def score(errors: Sequence[float], baseline: Sequence[float]) -> ModelScore:
    absolute = np.abs(np.asarray(errors, dtype=np.float64))
    reference = np.abs(np.asarray(baseline, dtype=np.float64))
    n = len(absolute)
    se = float(absolute.std(ddof=1) / math.sqrt(n)) if n > 1 else None
    return ModelScore(
        mae=float(absolute.mean()),
        se=se,
        n=n,
        beats_compromise=float(np.mean(absolute < reference - 1e-9)),
        errors=tuple(float(e) for e in errors),
    )


def backtest(
    table: BacktestTable,
    model_ids: Sequence[str],
    *,
    params: dict[str, dict[str, ParamValue]] | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, ModelScore]:
    """Each model's error on each decided issue, against the compromise model's."""
    runs = list(dict.fromkeys([*model_ids, BASELINE]))
    specs = [get_model(model_id) for model_id in runs]
    errors: dict[str, list[float]] = {model_id: [] for model_id in runs}
    total = len(table.cases) * len(runs)
    done = 0
    for spec in specs:
        for case in table.cases:
            forecast = spec.run(case.scenario, (params or {}).get(spec.id), seed)
            predicted = next(iter(forecast.issues.values())).position
            errors[spec.id].append(predicted - case.outcome)
            done += 1
            if progress is not None:
                progress(done, total)
    return {model_id: score(errors[model_id], errors[BASELINE]) for model_id in model_ids}
