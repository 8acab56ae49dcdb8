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
from typing import Protocol

from detente.domain import Actor, Issue, Position, Scale, Scenario
from detente.domain.scenario import MAX_MAGNITUDE
from detente.errors import DetenteError, DetenteErrors
from detente.io.ktab import export_key, unique_slug
from detente.io.text import MAX_FILE_BYTES, finite_number, read_text_file

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


class Fail(Protocol):
    """The error collector handed to the helpers: records one error for a line."""

    def __call__(self, code: str, line_no: int, message: str, hint: str | None = None) -> None: ...


def _bound_label(value: float) -> str:
    return f"{_fmt(value)} on the original scale"


def parse_decide(text: str, name: str) -> Scenario:
    """A Scenario from decide text; DetenteErrors naming every bad line."""
    parsed = _Parsed()
    errors: list[DetenteError] = []

    def fail(code: str, line_no: int, message: str, hint: str | None = None) -> None:
        errors.append(DetenteError(code, message, location=f"{name}:{line_no}", hint=hint))

    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells = [_unquote(cell) for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        tag = cells[0]
        if tag.startswith("#/"):
            continue
        if tag == "#O":
            parsed.title = parsed.title or (cells[1] if len(cells) > 1 else None)
            continue
        if tag not in _FIELDS:
            fail(
                "DT205", line_no, f"unknown directive {tag[:20]!r}", "lines start with #A #P #M #D"
            )
            continue
        if len(cells) < _FIELDS[tag]:
            fail("DT202", line_no, f"{tag} line has {len(cells)} fields, needs {_FIELDS[tag]}")
            continue
        if tag in ("#A", "#P"):
            table = parsed.actors if tag == "#A" else parsed.issues
            if cells[1] in table:
                fail("DT207", line_no, f"{tag} {cells[1]!r} declared twice")
                continue
            label = cells[2] if len(cells) > 2 and cells[2] else cells[1]
            table[cells[1]] = (label, cells[3] if len(cells) > 3 else "")
        elif tag == "#M":
            value = finite_number(cells[2])
            if value is None:
                fail("DT202", line_no, f"scale value {cells[2]!r} is not a number")
                continue
            label = cells[3] if len(cells) > 3 else ""
            parsed.scale_points.setdefault(cells[1], []).append((value, label, line_no))
        else:
            numbers = [finite_number(c) for c in cells[3:6]]
            if any(v is None for v in numbers):
                fail("DT202", line_no, "position, salience and power must be numbers")
                continue
            position, salience, power = (v for v in numbers if v is not None)
            parsed.rows.append((line_no, cells[1], cells[2], position, salience, power))
    scales = _scales(parsed, fail)
    scenario_parts = _build(parsed, scales, fail)
    if errors:
        errors.sort(key=lambda e: int((e.location or "0").rsplit(":", 1)[-1]))
        raise errors[0] if len(errors) == 1 else DetenteErrors(errors)
    actors, issues, positions = scenario_parts
    if not actors or not issues:
        raise DetenteError("DT204", "no #A actors or no #P issues", location=name)
    return Scenario(
        title=parsed.title or os.path.splitext(os.path.basename(name))[0] or "decide scenario",
        actors=actors,
        issues=issues,
        positions=positions,
    )


def _scales(parsed: _Parsed, fail: Fail) -> dict[str, tuple[float, float]]:
    scales: dict[str, tuple[float, float]] = {}
    for issue_id, points in parsed.scale_points.items():
        if issue_id not in parsed.issues:
            fail("DT206", points[0][2], f"#M for unknown issue {issue_id!r}", "declare it with #P")
            continue
        values = [v for v, _, _ in points]
        low, high = min(values), max(values)
        far = next((p for p in points if abs(p[0]) > MAX_MAGNITUDE), None)
        if far is not None:
            fail("DT203", far[2], f"#M value {far[0]:g} is beyond ±{MAX_MAGNITUDE:g}")
            continue
        if low == high:
            fail("DT210", points[0][2], f"issue {issue_id!r} needs two distinct #M values")
            continue
        scales[issue_id] = (low, high)
    return scales


def _build(
    parsed: _Parsed, scales: dict[str, tuple[float, float]], fail: Fail
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
        low, high = scales.get(key, (0.0, 100.0))
        scale = None if (low, high) == (0.0, 100.0) else Scale(low=low, high=high)
        anchors = {}
        if scale is not None:
            anchors = {0.0: _bound_label(low), 100.0: _bound_label(high)}
        for value, point_label, _ in parsed.scale_points.get(key, []):
            axis = scale.to_axis(value) if scale else value
            if point_label and 0 <= axis <= 100:
                anchors[axis] = point_label
        issues.append(
            Issue(
                id=issue_slugs[key],
                name=label,
                proposition=description or label,
                anchors=anchors,
                scale=scale,
            )
        )
    power: dict[str, float] = {}
    seen: set[tuple[str, str]] = set()
    positions = []
    for line_no, actor_key, issue_key, value, salience, actor_power in parsed.rows:
        problems: list[tuple[str, str, str | None]] = []
        if actor_key not in parsed.actors:
            problems.append(("DT206", f"unknown actor {actor_key!r}", "declare it with #A"))
        if issue_key not in parsed.issues:
            problems.append(("DT206", f"unknown issue {issue_key!r}", "declare it with #P"))
        low, high = scales.get(issue_key, (0.0, 100.0))
        if not min(low, high) <= value <= max(low, high):
            problems.append(
                (
                    "DT203",
                    f"position {value:g} is outside the scale [{_fmt(low)}, {_fmt(high)}]",
                    "set the scale with #M rows or correct the position",
                )
            )
        if not 0 <= salience <= 1:
            problems.append(("DT203", f"salience {_fmt(salience)} is outside [0, 1]", None))
        if actor_power < 0:
            problems.append(("DT203", f"power {_fmt(actor_power)} is negative", None))
        elif actor_power > MAX_MAGNITUDE:
            problems.append(("DT203", f"power {actor_power:g} is beyond {MAX_MAGNITUDE:g}", None))
        elif actor_key in power and power[actor_key] != actor_power:
            problems.append(
                (
                    "DT208",
                    f"power {_fmt(actor_power)} differs from {_fmt(power[actor_key])} "
                    f"on an earlier row of {actor_key!r}",
                    "detente keeps one capability per actor",
                )
            )
        if (actor_key, issue_key) in seen:
            problems.append(("DT207", f"second #D row for {actor_key!r} on {issue_key!r}", None))
        if problems:
            code = problems[0][0]
            message = "; ".join(p[1] for p in problems)
            fail(code, line_no, message, next((p[2] for p in problems if p[2]), None))
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
