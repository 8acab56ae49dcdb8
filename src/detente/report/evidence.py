"""Quotes behind the evidence: read from the corpus store, or from the source documents.

Evidence is never paraphrased and never stored in the repository: a reference is
``(document, start, end)`` into the stored NFC-normalised text, and the quote shown to the user
is cut from that text when the report or the dashboard is built. When neither the corpus store
nor the document file is at hand, the quote is marked "not available" instead of invented.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from detente.domain import EvidenceRef, Scenario, Source
from detente.report.links import safe_href


@dataclass(frozen=True)
class Quote:
    """One evidence span, ready to show: the quoted text and where it was published."""

    doc: str
    start: int
    end: int
    text: str | None
    outlet: str | None
    date: dt.date | None
    title: str | None
    url: str | None
    origin: str  # "corpus store", "document file" or "not available"
    before: str = ""  # the rest of the sentence around a short span, for context
    after: str = ""

    @property
    def available(self) -> bool:
        return self.text is not None

    @property
    def citation(self) -> str:
        parts = [self.outlet or self.doc]
        if self.date:
            parts.append(self.date.isoformat())
        return ", ".join(parts)


CONTEXT_BELOW = 60  # spans shorter than this are shown inside their sentence
CONTEXT_REACH = 200  # at most this many characters of context on each side
_SENTENCE_ENDS = ".!?\n"


def _ends_sentence(text: str, i: int) -> bool:
    """Whether ``text[i]`` ends a sentence: not the dot of an abbreviation like "U.S." or "Mr."."""
    if text[i] not in _SENTENCE_ENDS:
        return False
    if text[i] != ".":
        return True
    word = text[:i].rsplit(None, 1)[-1] if text[:i].strip() else ""
    # U.S. / U.K. / Mr. / Dr. end no sentence
    return not (re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word) or word in _ABBREVIATIONS)


_ABBREVIATIONS = frozenset({"Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "No"})


def sentence_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after ``[start, end)`` up to the sentence's bounds."""
    if end - start >= CONTEXT_BELOW:
        return "", ""
    left = start
    while left > 0 and start - left < CONTEXT_REACH and not _ends_sentence(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and right - end < CONTEXT_REACH and not _ends_sentence(text, right):
        right += 1
    if right < len(text) and text[right] in ".!?":
        right += 1
    return text[left:start].lstrip(), text[end:right]


class DocumentTexts(Protocol):
    """Where the normalised text of a document comes from."""

    origin: str

    def text(self, doc_id: str) -> str | None: ...

    def source(self, doc_id: str) -> Source | None: ...


class DocumentFiles:
    """Document texts read from files named by the document id, in one or more folders."""

    origin = "document file"

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [Path(f) for f in folders]
        self._cache: dict[str, str | None] = {}

    def text(self, doc_id: str) -> str | None:
        if doc_id not in self._cache:
            self._cache[doc_id] = self._read(doc_id)
        return self._cache[doc_id]

    def _read(self, doc_id: str) -> str | None:
        name = Path(doc_id).name  # an id never walks out of the folder
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                try:
                    raw = candidate.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    return None
                return unicodedata.normalize("NFC", raw)
        return None

    def source(self, doc_id: str) -> Source | None:
        return None


class EvidenceResolver:
    """Turns evidence references into quotes, trying each text provider in turn."""

    def __init__(self, scenario: Scenario, providers: Iterable[DocumentTexts] = ()) -> None:
        self.sources = {s.id: s for s in scenario.sources}
        self.providers = list(providers)

    def describe(self) -> str:
        if not self.providers:
            return "the articles, which were not at hand for this build (citations only)"
        words = {"corpus store": "the corpus store", "document file": "the article files"}
        return " and ".join(words.get(p.origin, p.origin) for p in self.providers)

    def source(self, doc_id: str) -> Source:
        known = self.sources.get(doc_id)
        if known is not None:
            return known
        for provider in self.providers:
            found = provider.source(doc_id)
            if found is not None:
                return found
        return Source(id=doc_id)

    def quote(self, ref: EvidenceRef) -> Quote:
        meta = self.source(ref.doc)
        text: str | None = None
        origin = "not available"
        before = after = ""
        for provider in self.providers:
            full = provider.text(ref.doc)
            if full is not None and ref.end <= len(full):
                text, origin = full[ref.start : ref.end], provider.origin
                before, after = sentence_context(full, ref.start, ref.end)
                break
        return Quote(
            doc=ref.doc,
            start=ref.start,
            end=ref.end,
            text=text,
            outlet=meta.outlet,
            date=meta.date,
            title=meta.title,
            url=safe_href(meta.url),
            origin=origin,
            before=before,
            after=after,
        )
