"""stance.v2: a trained classifier decides who holds which stance on which issue.

Candidates are (sentence, party, issue) triples: every sentence that names a party (or, when it
names none or opens with a pronoun, the party of the sentence before), crossed with every issue
of the scenario. Each candidate gets a feature vector: the sentence's MiniLM embedding, its
element-wise product with the issue's embedding (what the sentence says about *this*
proposition), and parse and rule features (how the party is mentioned, whether it is the
subject, and the rule reader's stance.v1 hits for this party and issue). The rules are features,
not the decision. A small numpy MLP (weights in ``data/stance.v2.npz``) gives probabilities for
none / for / against / conditional; a temperature fitted on the dev split calibrates them, and a
threshold chosen on dev for precision decides which become claims.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from detente.domain import Claim
from detente.errors import DetenteError
from detente.nlp.context import Context
from detente.nlp.records import SentenceRecord

STANCE_V1 = "stance.v1"  # the rule reader (detente.nlp.stance) alone
STANCE_V2 = "stance.v2"
CLASSES = ("none", "for", "against", "conditional")
MODEL_FILE = "stance.v2.npz"
MENTION_KINDS = ("alias", "place", "person", "demonym", "variant")
STANCES = ("for", "against", "conditional")
# sentence embedding, its product with the issue's, sentence, party and issue features
SCALARS = 10 + 11 + 12 + 5
FEATURE_WIDTH = 384 * 2 + SCALARS
PRODUCT_SCALE = 10.0  # the sentence-issue product is small; scaled so the features start similar
# "He said", "A: We notify the union": the interviewee's answer starts as a pronoun would
_PRONOUN_START = re.compile(
    r"^\W*(?:A\s*[:.]\s*)?(?:He|She|They|It|We|I|His|Her|Their|The (?:two )?sides?)\b"
)
_CONDITION = re.compile(
    r"\b(?:if|unless|until|provided|only after|only when|as long as|on condition)\b", re.I
)
_DESCRIPTION_START = re.compile(r"^\W*(?:[QA]\s*:\s*)?The [a-z]+\b")  # "The union said"
_SIDES = re.compile(r"\b(?:two|both) (?:sides|parties|camps|delegations)\b", re.I)
_QUESTION_LINE = re.compile(r"^\W*Q\s*[:.]")  # an interviewer's question
_ANSWER_LINE = re.compile(r"^\W*A\s*[:.]")  # the interviewee's answer
_NEGATION = re.compile(r"\b(?:not|no|never|n't|refus\w*|reject\w*|oppos\w*)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    doc: str
    start: int
    end: int
    actor: str
    issue: str
    carried: bool  # the party is not named here: it is carried over from the sentence before


@dataclass
class Features:
    candidates: list[Candidate]
    matrix: np.ndarray  # one row per candidate


def _rule_hits(record: SentenceRecord, context: Context) -> list[Claim]:
    """What stance.v1 says of this sentence (its claims, before the learned model decides)."""
    if not record.stances:
        return []
    return context.claims_for([record], {record.doc: _doc_text_stub(record)})


def _doc_text_stub(record: SentenceRecord) -> str:
    # claims_for slices the document text by the record's offsets; padding stands in for the rest.
    return " " * record.start + record.text


def _party_actors(record: SentenceRecord) -> list[str]:
    seen: list[str] = []
    for mention in sorted(record.mentions, key=lambda m: m.start):
        if mention.actor and mention.kind != "commentator" and mention.actor not in seen:
            seen.append(mention.actor)
    return seen


@dataclass
class Block:
    """One sentence's candidates: its parties crossed with every issue (party-major order)."""

    vector: np.ndarray  # the sentence's embedding
    candidates: list[Candidate]
    scalars: np.ndarray  # (candidates, SCALARS): sentence, party and issue features


def _candidate_parties(
    records: list[SentenceRecord],
) -> list[tuple[SentenceRecord, list[tuple[str, int]]]]:
    """Sentences that may hold a claim, with (party, sentences since it was named) each."""
    chosen: list[tuple[SentenceRecord, list[tuple[str, int]]]] = []
    # doc -> (party, sentence last named), newest first
    recent: dict[str, list[tuple[str, int]]] = {}
    # doc -> parties named before its first question: who an interview's answers speak for
    opening: dict[str, list[tuple[str, int]]] = {}
    asked: set[str] = set()
    for record in records:
        named = _party_actors(record)
        actors = [(a, 0) for a in named]
        if record.segment.role == "question" or _QUESTION_LINE.match(record.text):
            asked.add(record.doc)
        elif named and record.doc not in asked:
            opening.setdefault(record.doc, []).extend((a, record.index) for a in named)
        answer = bool(_ANSWER_LINE.match(record.text))
        if record.segment.role == "body" and (
            not named
            or answer
            or _PRONOUN_START.search(record.text)
            or _DESCRIPTION_START.search(record.text)
            or _SIDES.search(record.text)
        ):
            # "The union rejected ...", "A: Never.", "He said": the parties named before.
            last = recent.get(record.doc, [])[:2]
            if answer:
                # the interviewer's questions name other parties than the one answering
                last += opening.get(record.doc, [])[:2]
            for actor, seen in last:
                if actor not in {a for a, _ in actors}:
                    actors.append((actor, record.index - seen))
        if named:
            kept = [(a, seen) for a, seen in recent.get(record.doc, []) if a not in named]
            recent[record.doc] = [(a, record.index) for a in named] + kept
        if actors and record.segment.role != "question":
            chosen.append((record, actors))
    return chosen


Anchors = tuple[np.ndarray, np.ndarray]  # embeddings of each issue's low and high anchors


def blocks(
    records: list[SentenceRecord], context: Context, anchors: Anchors | None = None
) -> list[Block]:
    """Candidate blocks for all sentences of a chunk (``records`` in document order).

    ``anchors``: ``anchor_vectors(context)``, when the caller keeps them between chunks.
    """
    return list(iter_blocks(records, context, anchors))


def iter_blocks(
    records: list[SentenceRecord], context: Context, anchors: Anchors | None = None
) -> Iterator[Block]:
    """``blocks`` one at a time: the chunk's sentences are embedded together (one batched run),
    but each block's candidates and features are built only when the caller asks for it, so a
    chunk's hundreds of thousands of candidates are never all alive at once."""
    assert context.index is not None and context.scenario is not None
    issues = [i.id for i in context.scenario.issues]
    issue_vectors = context.index.vectors
    if issue_vectors is None or context.embedder is None:
        raise DetenteError(
            "DT406", "stance.v2 needs the MiniLM embeddings", hint="drop --no-embeddings"
        )
    chosen = _candidate_parties(records)
    if not chosen:
        return
    vectors = context.embedder.encode([r.text for r, _ in chosen])
    low, high = anchors if anchors is not None else anchor_vectors(context)
    before: tuple[str, np.ndarray] | None = None  # the previous candidate sentence's cosines
    for (record, actors), vector in zip(chosen, vectors, strict=True):
        cosines = issue_vectors @ vector
        previous = before[1] if before is not None and before[0] == record.doc else cosines * 0
        before = (record.doc, cosines)
        lexical = context.index.lexical_scores(record.text)
        hits = _rule_hits(record, context)
        shared = _sentence_features(record, len(actors))
        # Which end of each issue's axis the sentence reads like, and how it ranks the issues.
        sides = np.column_stack(
            [
                low @ vector,
                high @ vector,
                (high - low) @ vector,
                _softmax1(cosines / 0.05),
                previous,
            ]
        )
        parts, candidates = [], []
        for rank, (actor, distance) in enumerate(actors):
            party = _party_features(record, actor, distance, rank, hits)
            per_issue = _issue_features(issues, cosines, lexical, hits, actor)
            parts.append(
                np.hstack(
                    [np.tile(np.concatenate([shared, party]), (len(issues), 1)), per_issue, sides]
                )
            )
            candidates += [
                Candidate(record.doc, record.start, record.end, actor, issue, distance > 0)
                for issue in issues
            ]
        yield Block(vector, candidates, np.vstack(parts).astype(np.float32))


def _softmax1(values: np.ndarray) -> np.ndarray:
    exp = np.exp(values - values.max())
    out: np.ndarray = exp / exp.sum()
    return out


def anchor_vectors(context: Context) -> Anchors:
    """Embeddings of each issue's lowest and highest anchor (its proposition when it has none)."""
    assert context.scenario is not None and context.embedder is not None
    low_texts, high_texts = [], []
    for issue in context.scenario.issues:
        points = sorted(issue.anchors)
        low_texts.append(issue.anchors[points[0]] if points else f"not {issue.proposition}")
        high_texts.append(issue.anchors[points[-1]] if points else issue.proposition)
    vectors = context.embedder.encode(low_texts + high_texts)
    return vectors[: len(low_texts)], vectors[len(low_texts) :]


def featurize(
    records: list[SentenceRecord], context: Context, anchors: Anchors | None = None
) -> Features:
    """Candidates and their full feature rows (training; inference uses blocks directly)."""
    assert context.index is not None and context.index.vectors is not None
    issue_vectors = context.index.vectors
    found = blocks(records, context, anchors)
    if not found:
        return Features([], np.zeros((0, FEATURE_WIDTH), dtype=np.float32))
    rows = []
    for block in found:
        n_issues = len(issue_vectors)
        repeats = len(block.candidates) // n_issues
        sentence = np.tile(block.vector, (len(block.candidates), 1))
        product = np.tile(block.vector * issue_vectors * PRODUCT_SCALE, (repeats, 1))
        rows.append(np.hstack([sentence, product, block.scalars]).astype(np.float32))
    return Features([c for b in found for c in b.candidates], np.vstack(rows))


def _sentence_features(record: SentenceRecord, n_actors: int) -> np.ndarray:
    text = record.text
    return np.array(
        [
            float(record.segment.role == "heading"),
            float(bool(_PRONOUN_START.search(text))),
            float(any(m.kind == "commentator" for m in record.mentions)),
            float(bool(re.search(r"[\"“”]", text))),
            float(bool(_CONDITION.search(text))),
            float(bool(_NEGATION.search(text))),
            min(len(text), 400) / 400.0,
            min(n_actors, 4) / 4.0,
            float(bool(_QUESTION_LINE.match(text))),
            float(bool(_ANSWER_LINE.match(text))),
        ]
    )


def _party_features(
    record: SentenceRecord, actor: str, distance: int, rank: int, hits: list[Claim]
) -> np.ndarray:
    own = [m for m in record.mentions if m.actor == actor and m.kind != "commentator"]
    kinds = [float(any(m.kind == kind for m in own)) for kind in MENTION_KINDS]
    subject = 0.0
    if record.parsed is not None:
        parsed = record.parsed
        subject = float(
            any(m.token >= 0 and parsed[m.token].dep_ in ("nsubj", "nsubjpass") for m in own)
        )
    parties = [m.start for m in record.mentions if m.actor and m.kind != "commentator"]
    first = float(bool(own) and min(m.start for m in own) == min(parties))
    carried = [float(distance > 0), min(distance, 6) / 6.0, min(rank, 3) / 3.0]
    # The rule reader's strongest stance for this party on any issue of the sentence.
    rule_any = max((h.confidence for h in hits if h.actor == actor), default=0.0)
    return np.array([*kinds, subject, *carried, first, rule_any])


def _issue_features(
    issues: list[str], cosines: np.ndarray, lexical: np.ndarray, hits: list[Claim], actor: str
) -> np.ndarray:
    """Per issue: the rules' stance for this party and for others, cosine and keyword scores."""
    column = {issue: k for k, issue in enumerate(issues)}
    rule = np.zeros((len(issues), 6))
    for hit in hits:
        if hit.issue in column:
            k, j = column[hit.issue], STANCES.index(hit.stance) + (0 if hit.actor == actor else 3)
            rule[k, j] = max(rule[k, j], hit.confidence)
    top_cos = np.zeros(len(issues))
    top_cos[int(np.argmax(cosines))] = 1.0
    top_lex = np.zeros(len(issues))
    if lexical.max() > 0:
        top_lex[int(np.argmax(lexical))] = 1.0
    scores = np.column_stack(
        [cosines, cosines - cosines.max(), lexical, lexical - lexical.max(), top_cos, top_lex]
    )
    return np.hstack([rule, scores])


# the model ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StanceModel:
    """A one-hidden-layer MLP over standardised features, with a calibration temperature."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    temperature: float
    threshold: float
    version: str = STANCE_V2

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        x = (matrix - self.mean) / self.scale
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        out: np.ndarray = hidden @ self.w2 + self.b2
        return out

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated class probabilities (columns in ``CLASSES`` order)."""
        return softmax(self.logits(matrix) / self.temperature)

    def block_probabilities(self, block: Block, issue_vectors: np.ndarray) -> np.ndarray:
        """``probabilities`` of a block's rows without building them.

        The first layer is linear, so the sentence part is computed once per sentence and the
        sentence-issue part once per issue, not once per (party, issue): several times faster.
        """
        w = self.w1 / self.scale[:, None]
        bias = self.b1 - (self.mean / self.scale) @ self.w1
        dims = len(block.vector)
        sentence = block.vector @ w[:dims]
        per_issue = (block.vector * issue_vectors * PRODUCT_SCALE) @ w[dims : 2 * dims]
        repeats = len(block.candidates) // len(issue_vectors)
        pre = sentence + np.tile(per_issue, (repeats, 1)) + block.scalars @ w[2 * dims :] + bias
        logits = np.maximum(pre, 0.0) @ self.w2 + self.b2
        return softmax(logits / self.temperature)

    def save(self, path: Path, **meta: Any) -> None:
        arrays: dict[str, Any] = {
            "mean": self.mean.astype(np.float32),
            "scale": self.scale.astype(np.float32),
            "w1": self.w1.astype(np.float32),
            "b1": self.b1.astype(np.float32),
            "w2": self.w2.astype(np.float32),
            "b2": self.b2.astype(np.float32),
            "temperature": np.float64(self.temperature),
            "threshold": np.float64(self.threshold),
            "version": np.str_(self.version),
        }
        arrays.update({k: np.asarray(v) for k, v in meta.items()})
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> StanceModel:
        try:
            data = np.load(path)
        except OSError as exc:
            raise DetenteError(
                "DT406", f"stance model missing: {exc}", hint="make train-extractor"
            ) from None
        return cls(
            data["mean"],
            data["scale"],
            data["w1"],
            data["b1"],
            data["w2"],
            data["b2"],
            float(data["temperature"]),
            float(data["threshold"]),
            str(data["version"]),
        )


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return out


def shipped_model_path() -> Path:
    return Path(str(importlib.resources.files("detente.nlp").joinpath("data", MODEL_FILE)))


@lru_cache(maxsize=1)
def shipped_model() -> StanceModel:
    return StanceModel.load(shipped_model_path())


def decide(
    features: Features,
    probabilities: np.ndarray,
    threshold: float,
    sentences: Callable[[str, int, int], str],
    version: str,
) -> list[Claim]:
    """Claims from candidate probabilities: each stance class that clears the threshold."""
    claims = []
    for candidate, row in zip(features.candidates, probabilities, strict=True):
        best = int(np.argmax(row[1:])) + 1
        if row[best] < threshold:
            continue
        claims.append(
            Claim(
                doc=candidate.doc,
                start=candidate.start,
                end=candidate.end,
                sentence=sentences(candidate.doc, candidate.start, candidate.end),
                actor=candidate.actor,
                issue=candidate.issue,
                stance=CLASSES[best],
                confidence=round(float(row[best]), 3),
                cue=version,
                extractor=version,
            )
        )
    return claims


class LearnedStance:
    """The pipeline's stance.v2 step: candidate blocks of a chunk, then the model's claims."""

    def __init__(self, model: StanceModel | None = None) -> None:
        self._model = model
        self._anchors: tuple[Context, Anchors] | None = None  # embedded once per context

    @property
    def model(self) -> StanceModel:
        # Loaded on first use: training builds features through the pipeline before any
        # model exists.
        if self._model is None:
            self._model = shipped_model()
        return self._model

    def claims(
        self, records: list[SentenceRecord], context: Context, doc_text: dict[str, str]
    ) -> list[Claim]:
        assert context.index is not None and context.index.vectors is not None
        if self._anchors is None or self._anchors[0] is not context:
            self._anchors = (context, anchor_vectors(context))
        claims = []
        for block in iter_blocks(records, context, self._anchors[1]):
            probabilities = self.model.block_probabilities(block, context.index.vectors)
            claims += decide(
                Features(block.candidates, block.scalars),
                probabilities,
                self.model.threshold,
                lambda doc, start, end: doc_text[doc][start:end],
                self.model.version,
            )
        return claims
