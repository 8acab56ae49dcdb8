"""The corpus store as the views need it: document texts for quotes, claims, facts, conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from detente.corpus.store import Store, claim_key
from detente.domain import Source
from detente.domain.corpus import Claim, Conflict, Document
from detente.errors import DetenteError
from detente.report.context import CorpusData


class StoreTexts:
    """Document texts and metadata read from a corpus store."""

    origin = "corpus store"

    def __init__(self, store: Store) -> None:
        self.store = store
        self._docs: dict[str, Document | None] = {}

    def _document(self, doc_id: str) -> Document | None:
        if doc_id not in self._docs:
            found = self.store.documents([doc_id])
            self._docs[doc_id] = found[0] if found else None
        return self._docs[doc_id]

    def text(self, doc_id: str) -> str | None:
        doc = self._document(doc_id)
        return doc.text if doc else None

    def source(self, doc_id: str) -> Source | None:
        doc = self._document(doc_id)
        if doc is None:
            return None
        return Source(id=doc.id, outlet=doc.outlet, date=doc.date, title=doc.title, url=doc.url)


def open_store(path: Path) -> Store:
    """Open an existing corpus store; a missing file is an error, not a new empty store."""
    if not path.is_file():
        raise DetenteError(
            "DT701",
            "corpus store not found",
            location=str(path),
            hint="build one with `detente ingest` and `detente extract`, or leave out --corpus",
        )
    return Store(path)


def corpus_data(store: Store, unreviewed: bool = False) -> CorpusData:
    """Claims, facts and conflicts from the store. Machine claims count once the analyst has
    accepted them (in the dashboard's review queue); with ``unreviewed``, claims not yet
    reviewed are shown too, marked as such. Rejected claims never are."""
    verdicts = store.reviews()
    claims, accepted = [], []
    for claim in store.claims():
        verdict = verdicts.get(claim_key(claim))
        if verdict == "accepted":
            accepted.append(claim)
        if verdict == "accepted" or (unreviewed and verdict is None):
            claims.append(claim)
    return CorpusData(
        claims=claims,
        facts=store.facts(),
        conflicts=shown_conflicts(store.conflicts(), claims),
        note="The sources in the corpus store do not disagree on anything extracted.",
        accepted=frozenset(accepted),
    )


def shown_conflicts(conflicts: Sequence[Conflict], claims: Sequence[Claim]) -> list[Conflict]:
    """The conflicts a view may show: a stance conflict only between claims it shows (accepted
    on review, or not yet reviewed with ``--unreviewed``), so a machine reading the analyst has
    not checked, or has rejected, never stands as a disagreement between the sources."""
    shown = {(c.doc, c.start, c.end, c.stance) for c in claims}
    out = []
    for conflict in conflicts:
        if conflict.kind != "stance":
            out.append(conflict)
            continue
        sides = [
            side.model_copy(update={"sources": kept})
            for side in conflict.sides
            if (kept := tuple(r for r in side.sources if (*r, side.value) in shown))
        ]
        if {side.value for side in sides} >= {"for", "against"}:
            out.append(conflict.model_copy(update={"sides": tuple(sides)}))
    return out
