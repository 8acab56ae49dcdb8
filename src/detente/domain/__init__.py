"""Pure data types shared by every part of detente. No I/O here."""

from detente.domain.corpus import Claim, Conflict, ConflictSide, Document, Fact
from detente.domain.forecast import Forecast, IssueForecast, Move
from detente.domain.scenario import (
    SCHEMA_VERSION,
    Actor,
    EvidenceRef,
    Issue,
    Position,
    Scale,
    Scenario,
    Source,
    is_slug,
    slugify,
)

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Claim",
    "Conflict",
    "ConflictSide",
    "Document",
    "EvidenceRef",
    "Fact",
    "Forecast",
    "Issue",
    "IssueForecast",
    "Move",
    "Position",
    "Scale",
    "Scenario",
    "Source",
    "is_slug",
    "slugify",
]
