"""The deal space for the views: frontiers for pairs of parties, solution points, logrolls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.domain import Scenario
from detente.report.charts import Figure


@dataclass
class DealView:
    frontiers: list[tuple[str, Figure]] = field(default_factory=list)
    solutions: list[dict[str, Any]] = field(default_factory=list)
    logrolls: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None


def run_deals(scenario: Scenario, seed: int) -> tuple[Any, str | None]:
    """The deal analysis of ``scenario``, or ``None`` and the reason it is not available."""
    return None, "The deal analysis is not part of this build."


def deal_view(scenario: Scenario, deals: Any) -> DealView:
    return DealView(note="The deal analysis is not part of this build.")
