"""Simple actor tables: ``Actor,Capability,Position,Salience`` — one issue, one row per actor.

Positions may be on any scale (the EU car-emissions case uses years 4–10). They are mapped
linearly onto the 0–100 axis: by default the lowest position in the table goes to 0 and the
highest to 100; pass ``scale=(low, high)`` to fix the bounds instead. The bounds are stored
in ``Issue.scale`` (and as anchor labels), so any forecast maps back exactly::

    scenario = load_table("ExampleActors.csv")
    issue = scenario.issues[0]
    issue.scale.to_original(forecast_on_axis)   # e.g. 56.5 -> 7.39 (years)

Salience is 0–100, capability any non-negative number.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from detente.domain import Actor, Issue, Position, Scale, Scenario, slugify
from detente.domain.scenario import MAX_MAGNITUDE
from detente.errors import DetenteError, DetenteErrors
from detente.io.ktab import unique_slug
from detente.io.text import MAX_FILE_BYTES, finite_number, first_line, read_text_file

HEADER = ("actor", "capability", "position", "salience")
# Positions are rescaled onto 0–100 by (p - low) / (high - low); beyond this size that
# difference overflows to infinity (±1.8e308 gave "inf" positions and a pydantic traceback).


def sniff_table(path: Path, text: str) -> bool:
    """An actor table starts with the header ``Actor,Capability,Position,Salience``."""
    header = [cell.strip().lower() for cell in first_line(text).split(",")]
    return tuple(header[:4]) == HEADER


def read_csv_rows(text: str, name: str) -> list[list[str]]:
    """The rows of a CSV text; a malformed row (e.g. a cell over the csv module's 131,072
    character limit) is DT202 at its line, not ``_csv.Error``."""
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise DetenteError.of(
            "DT202.csv", location=f"{name}:{reader.line_num}", part="row", problem=exc
        ) from None


def parse_table(
    text: str, name: str, *, scale: tuple[float, float] | None = None, title: str | None = None
) -> Scenario:
    """A one-issue Scenario from an actor table; DetenteErrors naming every bad line."""
    rows = read_csv_rows(text, name)
    stem = Path(name).stem or "table"
    numbered = [(n, [c.strip() for c in row]) for n, row in enumerate(rows, start=1) if any(row)]
    if not numbered or tuple(c.lower() for c in numbered[0][1][:4]) != HEADER:
        raise DetenteError.of(
            "DT201.table_header", location=f"{name}:{numbered[0][0] if numbered else 1}"
        )
    errors: list[DetenteError] = []
    parsed: list[tuple[str, float, float, float]] = []
    names: set[str] = set()
    for line_no, cells in numbered[1:]:
        where = f"{name}:{line_no}"
        values = [finite_number(c) for c in cells[1:4]]
        if len(cells) < 4 or not cells[0] or any(v is None for v in values):
            errors.append(DetenteError.of("DT202.table_row", location=where))
            continue
        capability, position, salience = (v for v in values if v is not None)
        problems = []
        if max(abs(capability), abs(position)) > MAX_MAGNITUDE:
            problems.append(DetenteError.of("DT203.magnitude", location=where, limit=MAX_MAGNITUDE))
        if capability < 0:
            problems.append(
                DetenteError.of("DT203.negative_capability", location=where, capability=capability)
            )
        if not 0 <= salience <= 100:
            problems.append(
                DetenteError.of("DT203.salience_100", location=where, salience=salience)
            )
        if problems:
            errors.append(DetenteError.joined(problems))
            continue
        if cells[0] in names:
            errors.append(DetenteError.of("DT207.actor_twice", location=where, name=cells[0]))
            continue
        names.add(cells[0])
        parsed.append((cells[0], capability, position, salience))
    if errors:
        raise errors[0] if len(errors) == 1 else DetenteErrors(errors)
    if not parsed:
        raise DetenteError.of("DT204.table_empty", location=f"{name}:1")
    low, high = scale if scale is not None else _bounds([p for _, _, p, _ in parsed], name)
    axis_scale = None if (low, high) == (0.0, 100.0) else Scale(low=low, high=high)
    out_of_scale = [n for n, _, p, _ in parsed if not min(low, high) <= p <= max(low, high)]
    if out_of_scale:
        raise DetenteError.of(
            "DT203.table_scale",
            location=name,
            actors=", ".join(out_of_scale[:5]),
            low=low,
            high=high,
        )
    taken: set[str] = set()
    actors = tuple(
        Actor(id=unique_slug(actor, taken), name=actor, capability=capability)
        for actor, capability, _, _ in parsed
    )
    issue = Issue(
        id=slugify(stem),
        name=stem,
        proposition=f"{stem}: position in the table's own units ({low:g} at 0, {high:g} at 100)",
        anchors={0.0: f"{low:g} in the table's units", 100.0: f"{high:g} in the table's units"},
        scale=axis_scale,
    )
    positions = tuple(
        Position(
            actor=actor.id,
            issue=issue.id,
            position=axis_scale.to_axis(position) if axis_scale else position,
            salience=salience,
        )
        for actor, (_, _, position, salience) in zip(actors, parsed, strict=True)
    )
    return Scenario(title=title or stem, actors=actors, issues=(issue,), positions=positions)


def _bounds(values: list[float], name: str) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low < high:
        return low, high
    if 0 <= low <= 100:
        return 0.0, 100.0
    raise DetenteError.of("DT210.table", location=name, value=low)


def load_table(
    path: str | os.PathLike[str],
    *,
    scale: tuple[float, float] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Scenario:
    return parse_table(read_text_file(path, max_bytes=max_bytes), str(path), scale=scale)
