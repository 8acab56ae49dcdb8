"""Stokman's exchange-model input (the ``decide`` format), both directions.

Tab-separated lines, strings optionally quoted with ``'`` or ``"``::

    #A  <actor id>  <actor name>  [<note>]
    #P  <issue id>  <issue name>  [<description>]
    #M  <issue id>  <scale value> [<label>]     two or more rows set the scale bounds
    #D  <actor id>  <issue id>  <position>  <salience 0..1>  <power>
    #O  <title>                                  optional
    #/  ...                                      comment

Mapping: an issue's ``#M`` values span its scale (0–100 when it has none); positions are
mapped linearly onto the 0–100 axis and the original bounds kept in ``Issue.scale`` so export
restores them. Salience 0..1 becomes 0..100; power becomes the actor's capability (decide
gives it per row; it must be the same on every row of one actor). Every bad line is reported,
with its number, in one error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.domain import Actor, Issue, Position, Scale, Scenario
from detente.domain.scenario import MAX_MAGNITUDE
from detente.errors import DetenteError, DetenteErrors
from detente.io.ktab import export_key, unique_slug
from detente.io.text import MAX_FILE_BYTES, finite_number, first_line, read_text_file

_FIELDS = {"#A": 2, "#P": 2, "#M": 3, "#D": 6}
_DIGITS = 12  # significant digits written back; absorbs the rescaling's rounding noise


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] and cell[0] in "'\"":
        return cell[1:-1]
    return cell


@dataclass
class _Parsed:
    title: str | None = None
    actors: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, note)
    issues: dict[str, tuple[str, str]] = field(default_factory=dict)
    scale_points: dict[str, list[tuple[float, str, int]]] = field(default_factory=dict)
    rows: list[tuple[int, str, str, float, float, float]] = field(default_factory=list)


@dataclass
class _Problems:
    """The errors found so far in one decide text, each at its line."""

    name: str
    found: list[DetenteError] = field(default_factory=list)

    def at(self, line_no: int, key: str, /, **fields: Any) -> DetenteError:
        return DetenteError.of(key, location=f"{self.name}:{line_no}", **fields)

    def add(self, line_no: int, key: str, /, **fields: Any) -> None:
        self.found.append(self.at(line_no, key, **fields))


def sniff_decide(path: Path, text: str) -> bool:
    """A decide file's first line is a directive: ``#A``, ``'#O'``... (quotes allowed)."""
    return first_line(text).strip().strip("'\"").startswith("#")


def _bound_label(value: float) -> str:
    return f"{_fmt(value)} on the original scale"


def parse_decide(text: str, name: str) -> Scenario:
    """A Scenario from decide text; DetenteErrors naming every bad line."""
    parsed = _Parsed()
    problems = _Problems(name)

    for line_no, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            _read_line(parsed, problems, line_no, line)
    scales = _scales(parsed, problems)
    scenario_parts = _build(parsed, scales, problems)
    if problems.found:
        errors = sorted(problems.found, key=lambda e: int((e.location or "0").rsplit(":", 1)[-1]))
        raise errors[0] if len(errors) == 1 else DetenteErrors(errors)
    actors, issues, positions = scenario_parts
    if not actors or not issues:
        raise DetenteError.of("DT204.decide_empty", location=name)
    return Scenario(
        title=parsed.title or os.path.splitext(os.path.basename(name))[0] or "decide scenario",
        actors=actors,
        issues=issues,
        positions=positions,
    )


def _read_line(parsed: _Parsed, problems: _Problems, line_no: int, line: str) -> None:
    """Record one non-blank line of a decide file in ``parsed``, or its problem."""
    cells = [_unquote(cell) for cell in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    tag = cells[0]
    if tag.startswith("#/"):
        return
    if tag == "#O":
        parsed.title = parsed.title or (cells[1] if len(cells) > 1 else None)
        return
    if tag not in _FIELDS:
        problems.add(line_no, "DT205", tag=tag[:20])
        return
    if len(cells) < _FIELDS[tag]:
        problems.add(line_no, "DT202.decide_fields", tag=tag, got=len(cells), needed=_FIELDS[tag])
        return
    if tag in ("#A", "#P"):
        _declare(parsed, problems, line_no, tag, cells)
    elif tag == "#M":
        value = finite_number(cells[2])
        if value is None:
            problems.add(line_no, "DT202.scale_value", cell=cells[2])
            return
        label = cells[3] if len(cells) > 3 else ""
        parsed.scale_points.setdefault(cells[1], []).append((value, label, line_no))
    else:
        numbers = [finite_number(c) for c in cells[3:6]]
        if any(v is None for v in numbers):
            problems.add(line_no, "DT202.decide_numbers")
            return
        position, salience, power = (v for v in numbers if v is not None)
        parsed.rows.append((line_no, cells[1], cells[2], position, salience, power))


def _declare(
    parsed: _Parsed, problems: _Problems, line_no: int, tag: str, cells: list[str]
) -> None:
    """An actor (#A) or issue (#P) declaration."""
    table = parsed.actors if tag == "#A" else parsed.issues
    if cells[1] in table:
        problems.add(line_no, "DT207.declared_twice", tag=tag, entry=cells[1])
        return
    label = cells[2] if len(cells) > 2 and cells[2] else cells[1]
    table[cells[1]] = (label, cells[3] if len(cells) > 3 else "")


def _scales(parsed: _Parsed, problems: _Problems) -> dict[str, tuple[float, float]]:
    scales: dict[str, tuple[float, float]] = {}
    for issue_id, points in parsed.scale_points.items():
        if issue_id not in parsed.issues:
            problems.add(points[0][2], "DT206.scale_issue", issue=issue_id)
            continue
        values = [v for v, _, _ in points]
        low, high = min(values), max(values)
        far = next((p for p in points if abs(p[0]) > MAX_MAGNITUDE), None)
        if far is not None:
            problems.add(far[2], "DT203.scale_too_big", value=far[0], limit=MAX_MAGNITUDE)
            continue
        if low == high:
            problems.add(points[0][2], "DT210.decide", issue=issue_id)
            continue
        scales[issue_id] = (low, high)
    return scales


def _build(
    parsed: _Parsed, scales: dict[str, tuple[float, float]], problems: _Problems
) -> tuple[tuple[Actor, ...], tuple[Issue, ...], tuple[Position, ...]]:
    actor_slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key in parsed.actors:
        actor_slugs[key] = unique_slug(key, taken)
    issue_slugs: dict[str, str] = {}
    taken = set()
    issues = []
    for key, (label, description) in parsed.issues.items():
        issue_slugs[key] = unique_slug(key, taken)
        issues.append(_issue(parsed, key, issue_slugs[key], label, description, scales))
    power: dict[str, float] = {}
    seen: set[tuple[str, str]] = set()
    positions = []
    for line_no, actor_key, issue_key, value, salience, actor_power in parsed.rows:
        low, high = scales.get(issue_key, (0.0, 100.0))
        found = _row_problems(
            parsed,
            problems,
            (line_no, actor_key, issue_key, value, salience, actor_power),
            (low, high),
            power,
        )
        if (actor_key, issue_key) in seen:
            found.append(problems.at(line_no, "DT207.second_row", actor=actor_key, issue=issue_key))
        if found:
            problems.found.append(DetenteError.joined(found))
            continue
        seen.add((actor_key, issue_key))
        power.setdefault(actor_key, actor_power)
        axis = (value - low) * 100.0 / (high - low)
        positions.append(
            Position(
                actor=actor_slugs[actor_key],
                issue=issue_slugs[issue_key],
                position=min(100.0, max(0.0, axis)),
                salience=round(salience * 100.0, 10),
            )
        )
    actors = tuple(
        Actor(
            id=actor_slugs[key],
            name=label,
            capability=power.get(key, 0.0),
            description=note or None,
        )
        for key, (label, note) in parsed.actors.items()
    )
    return actors, tuple(issues), tuple(positions)


def _issue(
    parsed: _Parsed,
    key: str,
    issue_id: str,
    label: str,
    description: str,
    scales: dict[str, tuple[float, float]],
) -> Issue:
    """A declared issue with its scale (when not 0-100) and the labelled scale points."""
    low, high = scales.get(key, (0.0, 100.0))
    scale = None if (low, high) == (0.0, 100.0) else Scale(low=low, high=high)
    anchors = {}
    if scale is not None:
        anchors = {0.0: _bound_label(low), 100.0: _bound_label(high)}
    for value, point_label, _ in parsed.scale_points.get(key, []):
        axis = scale.to_axis(value) if scale else value
        if point_label and 0 <= axis <= 100:
            anchors[axis] = point_label
    return Issue(
        id=issue_id, name=label, proposition=description or label, anchors=anchors, scale=scale
    )


def _row_problems(
    parsed: _Parsed,
    problems: _Problems,
    row: tuple[int, str, str, float, float, float],
    bounds: tuple[float, float],
    power: dict[str, float],
) -> list[DetenteError]:
    """What is wrong with one position row: unknown ids, values out of range, power changes."""
    line_no, actor_key, issue_key, value, salience, actor_power = row
    low, high = bounds
    found: list[DetenteError] = []
    if actor_key not in parsed.actors:
        found.append(problems.at(line_no, "DT206.actor", actor=actor_key))
    if issue_key not in parsed.issues:
        found.append(problems.at(line_no, "DT206.issue", issue=issue_key))
    if not min(low, high) <= value <= max(low, high):
        found.append(
            problems.at(
                line_no, "DT203.decide_position", value=_fmt(value), low=_fmt(low), high=_fmt(high)
            )
        )
    if not 0 <= salience <= 1:
        found.append(problems.at(line_no, "DT203.salience_1", value=_fmt(salience)))
    if actor_power < 0:
        found.append(problems.at(line_no, "DT203.negative_power", value=_fmt(actor_power)))
    elif actor_power > MAX_MAGNITUDE:
        found.append(
            problems.at(line_no, "DT203.power_too_big", value=actor_power, limit=MAX_MAGNITUDE)
        )
    elif actor_key in power and power[actor_key] != actor_power:
        found.append(
            problems.at(
                line_no,
                "DT208",
                value=_fmt(actor_power),
                earlier=_fmt(power[actor_key]),
                actor=actor_key,
            )
        )
    return found


def load_decide(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Scenario:
    return parse_decide(read_text_file(path, max_bytes=max_bytes), str(path))


def _fmt(value: float) -> str:
    value = float(f"{value:.{_DIGITS}g}")
    return str(int(value)) if value.is_integer() else repr(value)


def _q(text: str) -> str:
    return "'" + text.replace("\t", " ").replace("'", "’") + "'"


def dump_decide(scenario: Scenario) -> str:
    """decide text: actors and issues by name, positions back on each issue's original scale."""
    actor_keys = _keys([(a.id, a.name) for a in scenario.actors])
    issue_keys = _keys([(i.id, i.name) for i in scenario.issues])
    lines = [f"'#O'\t{_q(scenario.title)}"]
    for actor in scenario.actors:
        key = actor_keys[actor.id]
        lines.append(f"'#A'\t{_q(key)}\t{_q(actor.name)}\t{_q(actor.description or '')}")
    for issue in scenario.issues:
        key = issue_keys[issue.id]
        description = issue.proposition if issue.proposition != issue.name else ""
        lines.append(f"'#P'\t{_q(key)}\t{_q(issue.name)}\t{_q(description)}")
        low, high = (issue.scale.low, issue.scale.high) if issue.scale else (0.0, 100.0)
        points = {0.0: "", 100.0: ""}
        for axis, label in issue.anchors.items():
            auto = _bound_label(low if axis == 0 else high) if axis in (0.0, 100.0) else None
            points[axis] = "" if label == auto else label
        for axis, label in sorted(points.items()):
            value = issue.scale.to_original(axis) if issue.scale else axis
            suffix = f"\t{_q(label)}" if label else ""
            lines.append(f"'#M'\t{_q(key)}\t{_fmt(value)}{suffix}")
    for position in scenario.positions:
        issue = scenario.issue(position.issue)
        actor = scenario.actor(position.actor)
        value = issue.scale.to_original(position.position) if issue.scale else position.position
        lines.append(
            f"'#D'\t{_q(actor_keys[actor.id])}\t{_q(issue_keys[issue.id])}\t{_fmt(value)}"
            f"\t{_fmt(position.salience / 100.0)}\t{_fmt(actor.capability)}"
        )
    return "\n".join(lines) + "\n"


def _keys(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {entry_id: export_key(entry_id, name) for entry_id, name in pairs}
