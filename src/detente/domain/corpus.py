"""Corpus data: documents, and the claims, facts and conflicts extracted from them. No I/O.

Every claim and fact points at ``[start, end)`` of its document's stored, NFC-normalised text,
so the quote a user sees is always read from the source, never paraphrased.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Stance = Literal["for", "against", "conditional"]
FactKind = Literal["number", "money", "percent", "duration", "count", "date"]
ConflictKind = Literal["spelling", "number", "date", "stance", "count"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Span(_Frozen):
    doc: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> _Span:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class Document(_Frozen):
    """One ingested article: normalised text plus metadata."""

    id: str = Field(
        min_length=1, description="File name for files, else given id, else hash prefix."
    )
    text: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    url: str | None = None
    path: str | None = Field(default=None, description="Where the text was read from.")
    duplicate_of: str | None = Field(default=None, description="Exact copy of this document.")
    near_duplicate_of: str | None = Field(
        default=None, description="Near-duplicate (e.g. syndicated copy) of this document."
    )


class Claim(_Span):
    """A party's stance on an issue, pinned to the sentence that states it."""

    sentence: str = Field(description="The sentence text, read from the stored document.")
    actor: str = Field(description="Scenario actor id (the party).")
    speaker: str | None = Field(default=None, description="Who said it (an official, an office).")
    issue: str
    stance: Stance
    confidence: float = Field(ge=0, le=1)
    cue: str = Field(description="The word or phrase the stance was read from.")
    extractor: str = Field(
        default="stance.v1", description="Versioned id of the stance step that made the claim."
    )
    steps: tuple[str, ...] = Field(
        default=(),
        description="Versioned ids of the extraction steps that made or changed the claim, in "
        "order (empty for claims stored before steps were recorded).",
    )


class Fact(_Span):
    """A number, amount, share, duration, count or date stated in a document."""

    kind: FactKind
    value: str = Field(
        description="Normalised value: '30 days', '175', 'USD 500000000000', ISO date."
    )
    text: str = Field(description="The span as written.")
    unit: str | None = Field(default=None, description="Currency, '%', counted noun, time unit.")
    actor: str | None = None
    issue: str | None = None
    resolved: bool = Field(
        default=True, description="False for relative dates in an undated document."
    )


class ConflictSide(_Frozen):
    value: str
    sources: tuple[tuple[str, int, int], ...] = Field(
        description="(doc, start, end) of every span that states this value."
    )


class Conflict(_Frozen):
    """Sources that disagree: on a spelling, a number, a date, a stance or a count."""

    kind: ConflictKind
    subject: str = Field(description="What the sources disagree about.")
    sides: tuple[ConflictSide, ...] = Field(min_length=2)
