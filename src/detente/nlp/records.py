"""Typed records the extraction steps pass along (so no step needs to import the pipeline).

Rows are named tuples: the store writes them as they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from spacy.tokens import Doc

from detente.nlp.actors import Mention
from detente.nlp.discourse import Segment
from detente.nlp.issues import IssueHit
from detente.nlp.stance import StanceHit


@dataclass
class SentenceRecord:
    doc: str
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    parsed: Doc | None
    segment: Segment = field(default_factory=lambda: Segment("body", 0))
    vector: np.ndarray | None = None
    issues: list[IssueHit] = field(default_factory=list)
    stances: list[StanceHit] = field(default_factory=list)
    stance_issues: list[list[IssueHit]] | None = None  # per stance, from its scope


class SentenceRow(NamedTuple):
    """A sentence as the store keeps it (``sentences`` table)."""

    doc: str
    idx: int  # the sentence's position in its document
    start: int
    end: int
    text: str


class MentionRow(NamedTuple):
    """A party mention as the store keeps it (``mentions`` table): offsets into the document."""

    doc: str
    start: int
    end: int
    text: str
    actor: str | None
    kind: str
    canonical: str | None
