"""The built-in extraction steps, each a thin :class:`~detente.nlp.step.Step` over its module.

segment.v1 (rules) → parse.v1 (spaCy ``nlp.pipe``) → actors.v1 (entity ruler and mentions) →
cues.v1 (the rule reader's stance hits) → issues.v1 (keywords + MiniLM) → stance.v1 (rules) or
stance.v2 (learned) → facts.v1 → conflicts.v2; without a scenario, embed.v1 and discover.v1
propose the issues before stance.v1. Registered by id in :mod:`detente.nlp.step_registry`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from spacy.tokens import Doc

from detente.domain import Claim, Fact
from detente.nlp import actors, conflicts, discover, facts, issues
from detente.nlp.actors import Mention
from detente.nlp.context import Context
from detente.nlp.cross_encoder import STANCE_V3, CrossEncoderStance
from detente.nlp.discourse import segments
from detente.nlp.evaluate import doc_key
from detente.nlp.issues import IssueHit
from detente.nlp.records import SentenceRecord
from detente.nlp.sentences import split_sentences
from detente.nlp.stance import StanceHit, StanceReader
from detente.nlp.stance_model import STANCE_V1, STANCE_V2, LearnedStance
from detente.nlp.step import Chunk, Run, Step

PROCESSES = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 2500  # sentences to parse in one run
LEXICAL_SURE = 0.6


class Segment(Step):
    """Sentences (rule splitter), their discourse roles, and the party names a regex finds."""

    id = "segment.v1"
    scope = "corpus"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        for part in run.chunks:
            part.records = [r for doc in part.documents for r in self._records(doc.id, doc.text)]

    def _records(self, doc_id: str, text: str) -> list[SentenceRecord]:
        spans = split_sentences(text)
        return [
            SentenceRecord(
                doc_id,
                index,
                start,
                end,
                text[start:end],
                self.context.prefilter.mentions(text[start:end], start),
                None,
                segment,
            )
            for index, ((start, end), segment) in enumerate(
                zip(spans, segments(text, spans), strict=True)
            )
        ]


@dataclass
class _ParseStream:
    parses: Iterator[Doc]
    chosen: list[list[SentenceRecord]]  # per chunk, the sentences the stream parses


class Parse(Step):
    """spaCy's parse of the sentences that may hold a claim (see ``prefilter``).

    One ``nlp.pipe`` stream serves all chunks of a run: a second process reloads the model
    each time a pipe starts.
    """

    id = "parse.v1"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        stream = run.scratch.get(self.id)
        if stream is None:
            chosen = [[r for r in part.records if self.worth_parsing(r)] for part in run.chunks]
            stream = _ParseStream(self._stream([r for rs in chosen for r in rs]), chosen)
            run.scratch[self.id] = stream
        records = stream.chosen[chunk.number]
        for record, parsed in zip(
            records, itertools.islice(stream.parses, len(records)), strict=True
        ):
            record.parsed = parsed

    def worth_parsing(self, record: SentenceRecord) -> bool:
        """Headings and questions state no position; the rest must name a party and a cue."""
        return record.segment.role == "body" and self.context.prefilter.worth_parsing(
            record.text, record.mentions
        )

    def _stream(self, records: list[SentenceRecord]) -> Iterator[Doc]:
        processes = PROCESSES if len(records) >= PARALLEL_FROM else 1
        texts = (r.text for r in records)
        return iter(self.context.nlp.pipe(texts, batch_size=256, n_process=processes))


class Actors(Step):
    """Who in each parsed sentence stands for which party (entity ruler, variants, commentators)."""

    id = actors.ALGORITHM

    def __call__(self, run: Run, chunk: Chunk) -> None:
        for record in chunk.records:
            if record.parsed is not None:
                record.parsed = self.context.ruler(record.parsed)
                record.mentions = self.context.finder.find(record.parsed, record.start)


class Cues(Step):
    """The rule reader's stance hits per parsed sentence, relative to a plain proposition.

    Carries who was named last across the sentences of a document: "he said" and "both
    sides" refer back.
    """

    id = "cues.v1"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        last_party: dict[str, Mention] = {}
        commentator_last: set[str] = set()  # documents whose last person named is a commentator
        recent: dict[str, tuple[Mention, ...]] = {}  # the last two distinct parties named
        for record in chunk.records:
            named = [m for m in record.mentions if m.actor and m.kind != "commentator"]
            party = named
            if record.parsed is not None:
                reader = StanceReader(
                    record.parsed, record.mentions, record.start, recent.get(record.doc, ())
                )
                previous = last_party.get(record.doc)
                record.stances = reader.read(
                    False, _constant(previous), record.doc in commentator_last
                )
                party = [
                    m for m in party if record.parsed[m.token].dep_ in ("nsubj", "nsubjpass")
                ] or party
            if party:
                last_party[record.doc] = party[0]
            elif any(m.kind == "commentator" for m in record.mentions):
                last_party.pop(record.doc, None)  # "he added" now means the commentator
            for mention in sorted(named, key=lambda m: m.start):
                kept = [m for m in recent.get(record.doc, ()) if m.actor != mention.actor]
                recent[record.doc] = (*kept[-1:], mention)
            people = [m for m in record.mentions if m.kind in ("person", "variant", "commentator")]
            if people:
                if people[-1].kind == "commentator":
                    commentator_last.add(record.doc)
                else:
                    commentator_last.discard(record.doc)


class Issues(Step):
    """Issues per stance: from its scope, else its sentence, else the discourse context.

    The context of a stance that names no issue ("The Kremlin dismissed the offer.") is, in
    turn, the sentence before in its paragraph, the issue the paragraph last spoke about, and
    the heading the paragraph sits under; each is discounted for the distance.
    """

    id = issues.ALGORITHM

    def __call__(self, run: Run, chunk: Chunk) -> None:
        index = self.context.index
        if index is None:
            return
        records = chunk.records
        with_stances = [r for r in records if r.stances]
        scopes = sorted(
            {h.content for r in with_stances for h in r.stances}
            | {r.text for r in with_stances}
            | {r.text for r in records if r.segment.role == "heading"}
        )
        vectors = self._vectors(scopes)
        before: SentenceRecord | None = None
        heading: list[IssueHit] = []
        last_issues: list[IssueHit] = []
        waiting: list[tuple[SentenceRecord, int, SentenceRecord | None, list[IssueHit]]] = []
        for record in records:
            same_doc = before is not None and before.doc == record.doc
            if not same_doc:
                heading, last_issues = [], []
            elif before is not None and before.segment.paragraph != record.segment.paragraph:
                last_issues = []
            if record.segment.role == "heading":
                heading = index.assign(record.text, vectors.get(record.text))
            if record.stances:
                own = index.assign(record.text, vectors.get(record.text))
                record.stance_issues = []
                for number, hit in enumerate(record.stances):
                    scope = hit.content
                    # The section's heading and the paragraph so far set the topic.
                    topic = frozenset(h.issue for h in [*last_issues, *heading])
                    found = index.assign(scope, vectors.get(scope), topic=topic) or own
                    record.stance_issues.append(found)
                    if not found and not _has_own_content(hit, record):
                        previous = before if same_doc else None
                        context = _discounted(last_issues, 0.7) or _discounted(heading, 0.7)
                        waiting.append((record, number, previous, context))
                assigned = [h for issues in record.stance_issues for h in issues]
                last_issues = assigned or last_issues
            before = record
        context_vectors = self._vectors(sorted({b.text for _, _, b, _ in waiting if b}))
        for record, number, previous, context in waiting:
            assert record.stance_issues is not None
            near = (
                index.assign(previous.text, context_vectors.get(previous.text))
                if previous is not None and previous.segment.role == "body"
                else []
            )
            record.stance_issues[number] = _discounted(near, 0.8) or context

    def _vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Embeddings are the costly part: only for texts the keywords leave unsure."""
        embedder, index = self.context.embedder, self.context.index
        if embedder is None or index is None or not self.context.embed_scopes:
            return {}
        unsure = [t for t in texts if index.lexical_scores(t).max() < LEXICAL_SURE]
        return dict(zip(unsure, embedder.encode(unsure), strict=True))


class RuleStance(Step):
    """stance.v1: the rules decide, one claim per stance hit and issue."""

    id = STANCE_V1

    def __call__(self, run: Run, chunk: Chunk) -> None:
        candidates = [r for r in chunk.records if r.stances]
        run.claims += self.context.claims_for(candidates, run.doc_text)


class ClaimMaker(Protocol):
    """What a learned stance step wraps: the claims of a chunk's records (in document order)."""

    def claims(
        self, records: list[SentenceRecord], context: Context, doc_text: dict[str, str]
    ) -> list[Claim]: ...


class ClaimsStep(Step):
    """A stance step from a claim maker (``maker.claims(records, context, doc_text)``)."""

    def __init__(
        self, context: Context, step_id: str, maker: ClaimMaker, *, keyword_issues: bool = True
    ) -> None:
        super().__init__(context)
        self.id = step_id
        self.maker = maker
        self.keyword_issues = keyword_issues

    def __call__(self, run: Run, chunk: Chunk) -> None:
        run.claims += self.maker.claims(chunk.records, self.context, run.doc_text)


def learned_stance(context: Context) -> Step:
    """stance.v2, the learned classifier; without embeddings it has no inputs: the rules decide."""
    if context.embedder is None:
        return RuleStance(context)
    return ClaimsStep(context, STANCE_V2, LearnedStance())


def cross_encoder_stance(context: Context) -> Step:
    """stance.v3, the MiniLM cross-encoder over stance.v2's pruned candidates; like stance.v2 it
    needs the embeddings, and without them the rules decide."""
    if context.embedder is None:
        return RuleStance(context)
    return ClaimsStep(context, STANCE_V3, CrossEncoderStance())


class Embed(Step):
    """MiniLM embeddings of the sentences with stance hits (what discovery clusters)."""

    id = "embed.v1"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        embedder = self.context.embedder
        candidates = [r for r in chunk.records if r.stances]
        if embedder is None:
            return
        for record, vector in zip(
            candidates, embedder.encode([r.text for r in candidates]), strict=True
        ):
            record.vector = vector


class Discover(Step):
    """Without a scenario: actors and issues proposed from the stance-bearing sentences."""

    id = discover.ALGORITHM
    scope = "corpus"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        phrases = [p.text for p in self.context.phrases]
        run.scenario = discover.discover_scenario(chunk.records, phrases)


class Facts(Step):
    """Numbers, money, dates … per sentence, each tied to the nearest party and the issue of
    its sentence (by keywords)."""

    id = facts.ALGORITHM
    scope = "corpus"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        found: list[Fact] = []
        documents = {doc.id: doc for doc in chunk.documents}
        today = {}
        for record in chunk.records:
            if record.doc not in today:
                doc = documents[record.doc]
                today[record.doc] = (
                    doc.date
                    or self.context.source_dates.get(doc_key(doc.id))
                    or facts.guess_article_date(doc.text)
                )
            for hit in facts.find_facts(record.text, today[record.doc]):
                start, end = record.start + hit.start, record.start + hit.end
                found.append(
                    Fact(
                        doc=record.doc,
                        start=start,
                        end=end,
                        kind=hit.kind,
                        value=hit.value,
                        text=run.doc_text[record.doc][start:end],
                        unit=hit.unit,
                        resolved=hit.resolved,
                    )
                )
        index = self.context.index
        if index is not None:  # without a scenario, discovery gave the sentences their issue
            starts = {(f.doc, f.start) for f in found}
            for record in chunk.records:
                if _holds_fact(record, starts):
                    record.issues = index.assign(record.text, None)
        run.facts += tie_facts(found, chunk.records)


class Conflicts(Step):
    """Where sources disagree: spellings, numbers, dates, stances, counts."""

    id = conflicts.ALGORITHM
    scope = "corpus"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        run.conflicts = conflicts.find_conflicts(
            chunk.documents, run.mention_rows(), run.facts, run.claims
        )


def _has_own_content(hit: StanceHit, record: SentenceRecord) -> bool:
    """Whether the stance names what it is about ("a push to end the war") rather than
    pointing back ("rejected the offer"): its scope is its own words, not the sentence."""
    return hit.scope[1] - hit.scope[0] < len(record.text.rstrip())


def _discounted(hits: list[IssueHit], factor: float) -> list[IssueHit]:
    return [IssueHit(h.issue, h.score * factor, h.lexical, h.semantic) for h in hits]


def _constant(mention: Mention | None) -> Callable[[], Mention | None]:
    return lambda: mention


def _holds_fact(record: SentenceRecord, fact_starts: set[tuple[str, int]]) -> bool:
    return any((record.doc, pos) in fact_starts for pos in range(record.start, record.end))


def tie_facts(found: list[Fact], records: list[SentenceRecord]) -> list[Fact]:
    """Each fact gets the nearest party mention and the top issue of its sentence."""
    by_doc: dict[str, list[SentenceRecord]] = {}
    for sentence in records:
        by_doc.setdefault(sentence.doc, []).append(sentence)
    tied = []
    for fact in found:
        found_in = (r for r in by_doc.get(fact.doc, []) if r.start <= fact.start < r.end)
        record = next(found_in, None)
        if record is None:
            tied.append(fact)
            continue
        parties = [m for m in record.mentions if m.actor and m.kind != "commentator"]
        actor = min(parties, key=lambda m: abs(m.start - fact.start)).actor if parties else None
        issue = record.issues[0].issue if record.issues else None
        tied.append(fact.model_copy(update={"actor": actor, "issue": issue}))
    return tied
