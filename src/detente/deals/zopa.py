"""Zones of possible agreement per issue, from red lines (the package-level zone: ``analysis``)."""

from __future__ import annotations

from dataclasses import dataclass

from detente.domain import Scenario


@dataclass(frozen=True)
class IssueZone:
    """The interval every red line on one issue allows, and which actors bound it."""

    issue: str
    low: float
    high: float
    low_set_by: str | None  # the actor whose red line sets the lower bound
    high_set_by: str | None
    options: tuple[float, ...]  # the issue's options inside the interval

    @property
    def empty(self) -> bool:
        return self.low > self.high or not self.options

    def as_dict(self) -> dict[str, object]:
        return {
            "low": self.low,
            "high": self.high,
            "empty": self.empty,
            "low_set_by": self.low_set_by,
            "high_set_by": self.high_set_by,
            "options": list(self.options),
        }


def issue_zone(scenario: Scenario, issue_id: str, options: tuple[float, ...]) -> IssueZone:
    """Intersect the acceptable side of every red line on ``issue_id``.

    A red line at or above the actor's position caps the outcome; one below it floors it (the
    rule of :meth:`detente.domain.Position.accepts`).
    """
    low, high = 0.0, 100.0
    low_by: str | None = None
    high_by: str | None = None
    for pos in scenario.positions_on(issue_id):
        if pos.red_line is None:
            continue
        if pos.red_line >= pos.position:
            if pos.red_line < high:
                high, high_by = pos.red_line, pos.actor
        elif pos.red_line > low:
            low, low_by = pos.red_line, pos.actor
    inside = tuple(o for o in options if low <= o <= high)
    return IssueZone(issue_id, low, high, low_by, high_by, inside)


def why_empty(zone: IssueZone, names: dict[str, str]) -> str:
    """One line saying which red lines leave ``zone`` with no outcome."""
    low_by = names.get(zone.low_set_by or "", zone.low_set_by or "a party")
    high_by = names.get(zone.high_set_by or "", zone.high_set_by or "a party")
    if zone.low > zone.high:
        return (
            f"on {zone.issue}, {low_by}'s red line allows nothing below {zone.low:g} and "
            f"{high_by}'s nothing above {zone.high:g}: no outcome meets both"
        )
    return (
        f"on {zone.issue}, the red lines leave {zone.low:g}-{zone.high:g}, where the issue "
        "has no option"
    )


def crossed_red_lines(scenario: Scenario, package: dict[str, float]) -> list[tuple[str, str]]:
    """(actor, issue) of every red line ``package`` crosses, on every issue it sets and for every
    party, whether or not it is one of those trading or bargaining."""
    return [
        (pos.actor, issue_id)
        for issue_id, value in package.items()
        for pos in scenario.positions_on(issue_id)
        if not pos.accepts(value)
    ]
