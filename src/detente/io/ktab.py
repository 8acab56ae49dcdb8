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
        raise DetenteError.of("DT202.csv", location=where, part="line", problem=exc) from None
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
        raise DetenteError.of("DT201.ktab_lines", location=f"{name}:1")
    (first_no, first), (header_no, header_line) = numbered[0], numbered[1]
    meta = _cells(first, f"{name}:{first_no}")
    n_actors = _count(meta, 2)
    n_dims = _count(meta, 3)
    if n_actors is None or n_dims is None or n_dims < 1:
        raise DetenteError.of("DT201.ktab_meta", location=f"{name}:{first_no}")
    issues = _ktab_issues(_cells(header_line, f"{name}:{header_no}"), n_dims, f"{name}:{header_no}")
    errors: list[DetenteError] = []
    actors: list[Actor] = []
    positions: list[Position] = []
    actor_ids: set[str] = set()
    names: set[str] = set()
    for line_no, line in numbered[2:]:
        where = f"{name}:{line_no}"
        try:
            cells, power, pairs = _ktab_row(line, n_dims, issues, names, where)
        except DetenteErrors as row_errors:
            errors.extend(row_errors.errors)
            continue
        except DetenteError as error:
            errors.append(error)
            continue
        names.add(cells[0])
        actor = Actor(
            id=unique_slug(cells[0], actor_ids),
            name=cells[0],
            capability=power,
            description=cells[1] or None,
        )
        actors.append(actor)
        positions.extend(
            Position(
                actor=actor.id, issue=issue.id, position=pairs[2 * k], salience=pairs[2 * k + 1]
            )
            for k, issue in enumerate(issues)
        )
    rows = len(numbered) - 2
    if rows != n_actors:
        errors.append(
            DetenteError.of(
                "DT204.ktab_rows", location=f"{name}:{first_no}", announced=n_actors, rows=rows
            )
        )
    if errors:
        raise errors[0] if len(errors) == 1 else DetenteErrors(errors)
    if not actors:
        raise DetenteError.of("DT204.no_rows", location=f"{name}:{header_no}")
    return Scenario(
        title=meta[0] or os.path.basename(name),
        description=meta[1] or None,
        actors=tuple(actors),
        issues=tuple(issues),
        positions=tuple(positions),
    )


def _ktab_issues(header: list[str], n_dims: int, where: str) -> list[Issue]:
    """One issue per dimension named in the header row (position and salience columns)."""
    if len(header) != 3 + 2 * n_dims:
        raise DetenteError.of(
            "DT204.ktab_columns",
            location=where,
            columns=len(header),
            dimensions=n_dims,
            needed=3 + 2 * n_dims,
        )
    issue_ids: set[str] = set()
    issues = []
    for k in range(n_dims):
        dim = _dimension_name(header[3 + 2 * k])
        if not dim:
            raise DetenteError.of(
                "DT201.ktab_dimension", location=where, number=k + 1, column=4 + 2 * k
            )
        issues.append(
            Issue(
                id=unique_slug(dim, issue_ids),
                name=dim,
                proposition=f"{dim} (KTAB dimension {k + 1}, positions 0–100)",
            )
        )
    return issues


def _ktab_row(
    line: str, n_dims: int, issues: list[Issue], names: set[str], where: str
) -> tuple[list[str], float, list[float]]:
    """An actor row's cells, power and (position, salience) numbers; raises what is wrong."""
    cells = _cells(line, where)
    if len(cells) != 3 + 2 * n_dims:
        raise DetenteError.of(
            "DT202.ktab_fields", location=where, got=len(cells), expected=3 + 2 * n_dims
        )
    values = [finite_number(cell) for cell in cells[2:]]
    bad = [cells[2 + i] for i, v in enumerate(values) if v is None]
    if bad:
        raise DetenteError.of("DT202.not_a_number", location=where, cell=bad[0])
    if not cells[0]:
        raise DetenteError.of("DT202.no_name", location=where)
    numbers = [v for v in values if v is not None]
    power, pairs = numbers[0], numbers[1:]
    row_errors = _range_errors(power, pairs, issues, where)
    if cells[0] in names:
        row_errors.append(DetenteError.of("DT207.actor_twice", location=where, name=cells[0]))
    if row_errors:
        raise row_errors[0] if len(row_errors) == 1 else DetenteErrors(row_errors)
    return cells, power, pairs


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
        errors.append(DetenteError.of("DT203.power", location=where, power=power))
    for k, issue in enumerate(issues):
        for what, value in (("position", pairs[2 * k]), ("salience", pairs[2 * k + 1])):
            if not 0 <= value <= 100:
                errors.append(
                    DetenteError.of(
                        "DT203.ktab_range", location=where, issue=issue.name, what=what, value=value
                    )
                )
    total = sum(pairs[1::2])
    if total > 100 + _SUM_TOLERANCE:
        errors.append(DetenteError.of("DT203.salience_sum", location=where, total=total))
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
        raise DetenteError.of(
            "DT209.ktab_missing", count=len(missing), examples=", ".join(missing[:5])
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
            raise DetenteError.of("DT209.ktab_salience", actor=actor.id, total=total)
        writer.writerow([*row, ""])
    return buffer.getvalue()
