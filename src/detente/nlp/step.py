"""The contract of an extraction step: a :class:`Step` reads and extends a :class:`Run`.

A step has a versioned id (``"parse.v1"``) and a scope. A *chunk* step runs once per chunk of
documents, in document order, while the chunk's sentences still hold their parses (dropped at
the end of each chunk, so memory stays flat on large corpora); consecutive chunk steps run
together, chunk by chunk. A *corpus* step runs once, over every document and sentence of the
run. Steps pass typed records (:class:`~detente.nlp.records.SentenceRecord`) and add claims,
facts and conflicts to the run; the pipeline records on each claim the ids of the steps that
made or changed it. Steps are made by factories, ``factory(context) -> Step``, registered by
id in :mod:`detente.nlp.step_registry`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from detente.domain import Claim, Conflict, Document, Fact, Scenario
from detente.nlp.context import Context
from detente.nlp.records import MentionRow, SentenceRecord, SentenceRow

Scope = Literal["chunk", "corpus"]


@dataclass
class Chunk:
    """Some of the run's documents and their sentences (all of them, for a corpus step)."""

    number: int  # position among the run's chunks (-1: the whole run)
    documents: list[Document]
    records: list[SentenceRecord] = field(default_factory=list)


@dataclass
class Run:
    """Everything one pipeline run has read and found so far."""

    documents: list[Document]
    chunks: list[Chunk]
    scenario: Scenario | None  # the context's, or the one a discovery step proposed
    doc_text: dict[str, str]
    claims: list[Claim] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # Working data a step keeps between its calls in this run, under its own id.
    scratch: dict[str, Any] = field(default_factory=dict)

    def records(self) -> list[SentenceRecord]:
        return [record for chunk in self.chunks for record in chunk.records]

    def whole(self) -> Chunk:
        return Chunk(-1, self.documents, self.records())

    def sentence_rows(self) -> list[SentenceRow]:
        return [SentenceRow(r.doc, r.index, r.start, r.end, r.text) for r in self.records()]

    def mention_rows(self) -> list[MentionRow]:
        return [
            MentionRow(r.doc, m.start, m.end, m.text, m.actor, m.kind, m.canonical)
            for r in self.records()
            for m in r.mentions
        ]


class Step(ABC):
    """One extraction step. Subclass it, set ``id`` (and ``scope`` for a corpus step) and
    write ``__call__``; the context it is made with is ``self.context``."""

    id: str
    scope: ClassVar[Scope] = "chunk"
    # True for a step that embeds every candidate sentence itself and takes the rules' issue
    # readings as features: issues.v1 then assigns issues by keywords alone.
    keyword_issues: bool = False

    def __init__(self, context: Context) -> None:
        self.context = context

    @abstractmethod
    def __call__(self, run: Run, chunk: Chunk) -> None:
        """Read and extend ``run`` for ``chunk`` (the whole run for a corpus step)."""


StepFactory = Callable[[Context], Step]
