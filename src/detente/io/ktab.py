"""KTAB's scenario CSV (the KAPSARC Toolkit's Spatial Model of Politics), both directions.

    line 1: scenarioName, description, nActors, nDims,
    line 2: Actor, Description, Influence|Power, <dim> Position, <dim> Salience, ...
    rows:   name, desc, power, pos1, sal1, pos2, sal2, ...      (a trailing comma is allowed)

Mapping: each dimension becomes one issue (id slugified from the dimension's name, the
``Position`` suffix dropped), each row an actor (id slugified from its name, name and
description kept), ``power`` is the capability, positions and saliences are already on 0–100.
Rules checked, every bad row reported with its line: positions and saliences in [0, 100],
an actor's saliences sum to at most 100, 0 <= power <= 1e8, counts match line 1.
"""

from __future__ import annotations

import csv
import io
import os
import re

from detente.domain import Actor, Issue, Position, Scenario, slugify
from detente.errors import DetenteError, DetenteErrors
from detente.io.text import MAX_FILE_BYTES, finite_number, read_text_file

MAX_POWER = 1e8
_SUM_TOLERANCE = 1e-6


def _cells(line: str, where: str) -> list[str]:
    try:
        row = next(csv.reader([line], skipinitialspace=True), [])
    except csv.Error as exc:  # e.g. a cell over the csv module's 131,072-character limit
        raise DetenteError(
            "DT202", f"the line cannot be read as CSV: {exc}", location=where
        ) from None
    cells = [cell.strip() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def unique_slug(text: str, taken: set[str]) -> str:
    """A slug of ``text`` not yet in ``taken`` (``_2``, ``_3``... appended on collision)."""
    base = slugify(text)
    slug, counter = base, 2
    while slug in taken:
        suffix = f"_{counter}"
        slug, counter = base[: 64 - len(suffix)] + suffix, counter + 1
    taken.add(slug)
    return slug


def export_key(entry_id: str, name: str) -> str:
    """The key an id-less format (KTAB, decide) writes for an entry: its name when the id was
    made from that name (so imported files come back as they were), else its id (so the id
    survives the round trip)."""
    return name if slugify(name) == entry_id and name.strip() else entry_id


def _dimension_name(header: str) -> str:
    name = re.sub(r"\s*position\s*$", "", header, flags=re.IGNORECASE).strip()
    return name or header


def parse_ktab(text: str, name: str) -> Scenario:
    """A Scenario from KTAB CSV text; DetenteErrors naming every bad line."""
    lines = text.split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if len(numbered) < 2:
        raise DetenteError(
            "DT201", "a KTAB file needs a scenario line and a header line", location=f"{name}:1"
        )
    (first_no, first), (header_no, header_line) = numbered[0], numbered[1]
    meta = _cells(first, f"{name}:{first_no}")
    n_actors = _count(meta, 2)
    n_dims = _count(meta, 3)
    if n_actors is None or n_dims is None or n_dims < 1:
        raise DetenteError(
            "DT201",
            "line 1 must be: scenarioName, description, nActors, nDims",
            location=f"{name}:{first_no}",
            hint="nActors and nDims are whole numbers; nDims at least 1",
        )
    header = _cells(header_line, f"{name}:{header_no}")
    if len(header) != 3 + 2 * n_dims:
        raise DetenteError(
            "DT204",
            f"header has {len(header)} columns; {n_dims} dimensions need {3 + 2 * n_dims}",
            location=f"{name}:{header_no}",
            hint="Actor, Description, Influence, then a Position and a Salience per dimension",
        )
    issue_ids: set[str] = set()
    issues = []
    for k in range(n_dims):
        dim = _dimension_name(header[3 + 2 * k])
        if not dim:
            raise DetenteError(
                "DT201",
                f"dimension {k + 1} has no name (column {4 + 2 * k} of the header is empty)",
                location=f"{name}:{header_no}",
                hint="name each dimension, e.g. 'Tax Position'",
            )
        issues.append(
            Issue(
                id=unique_slug(dim, issue_ids),
                name=dim,
                proposition=f"{dim} (KTAB dimension {k + 1}, positions 0–100)",
            )
        )
    errors: list[DetenteError] = []
    actors: list[Actor] = []
    positions: list[Position] = []
    actor_ids: set[str] = set()
    names: set[str] = set()
    for line_no, line in numbered[2:]:
        where = f"{name}:{line_no}"
        try:
            cells = _cells(line, where)
        except DetenteError as error:
            errors.append(error)
            continue
        if len(cells) != 3 + 2 * n_dims:
            errors.append(
                DetenteError(
                    "DT202",
                    f"row has {len(cells)} fields, expected {3 + 2 * n_dims}",
                    location=where,
                    hint="name, description, power, then position and salience per dimension",
                )
            )
            continue
        values = [finite_number(cell) for cell in cells[2:]]
        bad = [cells[2 + i] for i, v in enumerate(values) if v is None]
        if bad or not cells[0]:
            what = f"not a number: {bad[0]!r}" if bad else "the actor name is empty"
            errors.append(DetenteError("DT202", what, location=where))
            continue
        numbers = [v for v in values if v is not None]
        power, pairs = numbers[0], numbers[1:]
        row_errors = _range_errors(power, pairs, issues, where)
        if cells[0] in names:
            row_errors.append(
                DetenteError("DT207", f"actor {cells[0]!r} appears twice", location=where)
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        names.add(cells[0])
        actor = Actor(
            id=unique_slug(cells[0], actor_ids),
            name=cells[0],
            capability=power,
            description=cells[1] or None,
        )
        actors.append(actor)
        for k, issue in enumerate(issues):
            positions.append(
                Position(
                    actor=actor.id,
                    issue=issue.id,
                    position=pairs[2 * k],
                    salience=pairs[2 * k + 1],
                )
            )
    rows = len(numbered) - 2
    if rows != n_actors:
        errors.append(
            DetenteError(
                "DT204",
                f"line 1 announces {n_actors} actors but the file has {rows} rows",
                location=f"{name}:{first_no}",
            )
        )
    if errors:
        raise errors[0] if len(errors) == 1 else DetenteErrors(errors)
    if not actors:
        raise DetenteError("DT204", "no actor rows", location=f"{name}:{header_no}")
    return Scenario(
        title=meta[0] or os.path.basename(name),
        description=meta[1] or None,
        actors=tuple(actors),
        issues=tuple(issues),
        positions=tuple(positions),
    )


def _count(meta: list[str], index: int) -> int | None:
    if len(meta) <= index:
        return None
    value = finite_number(meta[index])
    if value is None or not value.is_integer() or value < 0:
        return None
    return int(value)


def _range_errors(
    power: float, pairs: list[float], issues: list[Issue], where: str
) -> list[DetenteError]:
    errors = []
    if not 0 <= power <= MAX_POWER:
        errors.append(DetenteError("DT203", f"power {power:g} is outside [0, 1e8]", location=where))
    for k, issue in enumerate(issues):
        for what, value in (("position", pairs[2 * k]), ("salience", pairs[2 * k + 1])):
            if not 0 <= value <= 100:
                message = f"{issue.name} {what} {value:g} is outside [0, 100]"
                errors.append(DetenteError("DT203", message, location=where))
    total = sum(pairs[1::2])
    if total > 100 + _SUM_TOLERANCE:
        errors.append(
            DetenteError(
                "DT203",
                f"saliences sum to {total:g}, more than 100",
                location=where,
                hint="KTAB splits at most 100 points of attention across dimensions",
            )
        )
    return errors


def load_ktab(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Scenario:
    return parse_ktab(read_text_file(path, max_bytes=max_bytes), str(path))


def _fmt(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.12g}"


def dump_ktab(scenario: Scenario) -> str:
    """KTAB CSV text. Needs a position of every actor on every issue (DT209 otherwise);
    saliences must sum to at most 100 per actor, as KTAB requires."""
    missing = [
        f"{a.id}/{i.id}"
        for a in scenario.actors
        for i in scenario.issues
        if scenario.position(a.id, i.id) is None
    ]
    if missing:
        raise DetenteError(
            "DT209",
            f"KTAB needs every actor on every issue; missing {len(missing)}: "
            + ", ".join(missing[:5]),
            hint="fill the missing positions or export to yaml/json/csv-dir",
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [scenario.title, scenario.description or "", len(scenario.actors), len(scenario.issues), ""]
    )
    header = ["Actor", "Description", "Influence"]
    for issue in scenario.issues:
        dim = export_key(issue.id, issue.name)
        header += [f"{dim} Position", f"{dim} Salience"]
    writer.writerow([*header, ""])
    for actor in scenario.actors:
        key = export_key(actor.id, actor.name)
        description = actor.description or (actor.name if key != actor.name else "")
        row = [key, description, _fmt(actor.capability)]
        total = 0.0
        for issue in scenario.issues:
            position = scenario.position(actor.id, issue.id)
            assert position is not None  # checked above
            row += [_fmt(position.position), _fmt(position.salience)]
            total += position.salience
        if total > 100 + _SUM_TOLERANCE:
            raise DetenteError(
                "DT209",
                f"actor {actor.id!r}: saliences sum to {total:g}; KTAB allows at most 100",
                hint="rescale the saliences or export to another format",
            )
        writer.writerow([*row, ""])
    return buffer.getvalue()
