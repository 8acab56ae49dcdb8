"""Two scenarios (or two versions of one) side by side: what changed, how the forecasts moved."""

from __future__ import annotations

from typing import Any

from detente.domain import Scenario
from detente.report.analysis import Analysis

POSITION_FIELDS = ("position", "salience", "red_line", "confidence")
MOVE_SHOWN = 0.05  # a move below this reads "+0.0" at one decimal: not shown as a move


def _name(scenarios: tuple[Scenario, ...], kind: str, item_id: str) -> str:
    """The item's name in the first scenario that has it (a removed party is only in A)."""
    for scenario in scenarios:
        try:
            return scenario.actor(item_id).name if kind == "actor" else scenario.issue(item_id).name
        except KeyError:
            continue
    return item_id


def _row(
    what: str,
    actor: str,
    issue: str | None = None,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
) -> dict[str, Any]:
    return {
        "what": what,
        "actor": actor,
        "issue": issue,
        "field": field,
        "before": before,
        "after": after,
    }


def changes(a: Scenario, b: Scenario) -> list[dict[str, Any]]:
    """Every difference in actors' capability and in positions, as rows."""
    rows: list[dict[str, Any]] = []
    actors_a, actors_b = {x.id: x for x in a.actors}, {x.id: x for x in b.actors}
    for actor_id in sorted(actors_a.keys() | actors_b.keys()):
        before, after = actors_a.get(actor_id), actors_b.get(actor_id)
        if before is None or after is None:
            rows.append(_row("party " + ("added" if before is None else "removed"), actor_id))
        elif before.capability != after.capability:
            rows.append(
                _row(
                    "capability", actor_id, None, "capability", before.capability, after.capability
                )
            )
    pos_a = {(p.actor, p.issue): p for p in a.positions}
    pos_b = {(p.actor, p.issue): p for p in b.positions}
    for key in sorted(pos_a.keys() | pos_b.keys()):
        old_pos, new_pos = pos_a.get(key), pos_b.get(key)
        if old_pos is None or new_pos is None:
            rows.append(_row("position " + ("added" if old_pos is None else "removed"), *key))
            continue
        for field in POSITION_FIELDS:
            old, new = getattr(old_pos, field), getattr(new_pos, field)
            if old != new:
                rows.append(_row("position", *key, field, old, new))
        if set(old_pos.evidence) != set(new_pos.evidence):
            rows.append(
                _row("evidence", *key, "evidence", len(old_pos.evidence), len(new_pos.evidence))
            )
    for row in rows:
        row["actor_name"] = _name((b, a), "actor", row["actor"]) if row["actor"] else None
        row["issue_name"] = _name((b, a), "issue", row["issue"]) if row["issue"] else None
    return rows


def _size(row: dict[str, Any]) -> float:
    """How far a change moved a number (a change that is not a number sorts after them)."""
    before, after = row["before"], row["after"]
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (before, after))
    return abs(after - before) if numeric else -1.0


def forecast_moves(a: Analysis, b: Analysis) -> tuple[list[dict[str, Any]], int]:
    """Per model and issue: the forecast in A, in B, and how far it moved, largest move first.
    Forecasts that did not move at the shown precision (0.1 point) are left out and counted."""
    before = {f.model: f.positions() for f in a.forecasts}
    after = {f.model: f.positions() for f in b.forecasts}
    rows: list[dict[str, Any]] = []
    unmoved = 0
    for model in sorted(before.keys() | after.keys()):
        issues = before.get(model, {}).keys() | after.get(model, {}).keys()
        for issue in sorted(issues):
            old, new = before.get(model, {}).get(issue), after.get(model, {}).get(issue)
            moved = None if old is None or new is None else round(new - old, 3)
            if moved is not None and abs(moved) < MOVE_SHOWN:
                unmoved += 1
                continue
            rows.append(
                {"model": model, "issue": issue, "before": old, "after": new, "moved": moved}
            )
    rows.sort(key=lambda r: -abs(r["moved"]) if r["moved"] is not None else 1.0)
    return rows, unmoved


def compare(a: Scenario, b: Scenario, analysis_a: Analysis, analysis_b: Analysis) -> dict[str, Any]:
    moves, unmoved = forecast_moves(analysis_a, analysis_b)
    names = {i.id: i.name for i in (*a.issues, *b.issues)}
    for row in moves:
        row["issue_name"] = names.get(row["issue"], row["issue"])
    rows = sorted(changes(a, b), key=lambda r: -_size(r))
    return {
        "title_a": a.title,
        "title_b": b.title,
        "changes": rows,
        "forecasts": moves,
        "unmoved": unmoved,
    }
