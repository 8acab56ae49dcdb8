"""What-if variants: ``actor.capability=80``, ``actor.salience.issue=40``,
``actor.position.issue=..`` or ``actor.red_line.issue=..`` applied to a scenario and re-validated
(so a value out of range is a coded error)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from detente.domain import Scenario
from detente.errors import DetenteError

POSITION_FIELDS = ("position", "salience", "red_line")


def _bad(assignment: str, why: str, hint: str | None = None) -> DetenteError:
    return DetenteError("DT606", f"cannot apply --set {assignment!r}: {why}", hint=hint)


def apply_set(scenario: Scenario, assignment: str) -> Scenario:
    path, eq, text = assignment.partition("=")
    parts = path.split(".")
    if not eq or len(parts) not in (2, 3):
        raise _bad(assignment, "not PATH=VALUE", "actor.capability=80 or actor.salience.issue=40")
    try:
        value = float(text)
    except ValueError:
        raise _bad(assignment, f"{text!r} is not a number") from None
    actor_id = parts[0]
    actors = [a.id for a in scenario.actors]
    if actor_id not in actors:
        raise _bad(assignment, f"no actor {actor_id!r}", f"actors: {', '.join(actors)}")
    data = scenario.model_dump()
    if len(parts) == 2:
        if parts[1] != "capability":
            raise _bad(assignment, f"an actor has no field {parts[1]!r}", "actor.capability=N")
        for actor in data["actors"]:
            if actor["id"] == actor_id:
                actor["capability"] = value
    else:
        field, issue_id = parts[1], parts[2]
        if field not in POSITION_FIELDS:
            raise _bad(
                assignment, f"unknown field {field!r}", f"one of {', '.join(POSITION_FIELDS)}"
            )
        held = [p for p in data["positions"] if p["actor"] == actor_id and p["issue"] == issue_id]
        if not held:
            raise _bad(assignment, f"{actor_id!r} holds no position on issue {issue_id!r}")
        held[0][field] = value
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise _bad(assignment, str(first["msg"])) from None


def apply_sets(scenario: Scenario, assignments: Sequence[str]) -> Scenario:
    for assignment in assignments:
        scenario = apply_set(scenario, assignment)
    return scenario


def compare(
    base: dict[str, dict[str, float]], variant: dict[str, dict[str, float]]
) -> dict[str, dict[str, dict[str, float]]]:
    """model -> issue -> base, variant and the shift (variant - base)."""
    return {
        model: {
            issue: {"base": b, "variant": variant[model][issue], "shift": variant[model][issue] - b}
            for issue, b in issues.items()
            if issue in variant.get(model, {})
        }
        for model, issues in base.items()
    }
