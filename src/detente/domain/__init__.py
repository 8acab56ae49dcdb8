"""Pure data types shared by every part of detente. No I/O here."""

from detente.domain.forecast import Forecast, IssueForecast, Move
from detente.domain.scenario import (
    SCHEMA_VERSION,
    Actor,
    EvidenceRef,
    Issue,
    Position,
    Scenario,
    Source,
    is_slug,
    slugify,
)

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "EvidenceRef",
    "Forecast",
    "Issue",
    "IssueForecast",
    "Move",
    "Position",
    "Scenario",
    "Source",
    "is_slug",
    "slugify",
]
