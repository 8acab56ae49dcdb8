"""The learned extractor's workflow: corpus features, training, and tuple scores by split.

Reads the extraction training corpus (``training/extraction/``: negotiation files, articles,
``gold.claims.jsonl`` and ``splits.json`` written by ``scripts/build_extraction_corpus.py``),
runs detente's own pipeline on each negotiation's articles with a collecting stance step (so
training sees exactly the candidates and features ``detente extract`` will), and labels each
candidate from the gold claims whose span overlaps it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.corpus.ingest import read_file
from detente.domain import Claim, Document
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.nlp.context import Context
from detente.nlp.pipeline import Pipeline
from detente.nlp.records import SentenceRecord
from detente.nlp.stance_model import (
    CLASSES,
    FEATURE_WIDTH,
    STANCE_V2,
    Anchors,
    Candidate,
    Features,
    StanceModel,
    anchor_vectors,
    decide,
    featurize,
)
from detente.nlp.stance_train import (
    TrainSettings,
    Tuple,
    breakdown,
    choose_threshold,
    fit_mlp,
    fit_temperature,
    reliability,
    score_tuples,
)
from detente.nlp.step import Step
from detente.nlp.steps import ClaimsStep

FLAGSHIP_ID = "ukraine_2025"
_STYLE = re.compile(r"^style:\s*([A-Za-z_]+)", re.MULTILINE)


@dataclass
class CorpusFeatures:
    """Candidates of the whole corpus with features, labels and the article they belong to."""

    candidates: list[Candidate] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, FEATURE_WIDTH), np.float32))
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    gold: set[Tuple] = field(default_factory=set)  # (doc, actor, issue, stance)
    # What the rules alone find with keyword issues (stance.v1 as stance.v2 runs it, i.e.
    # --no-embeddings; stance.v1 with embeddings is scored by benchmarks/eval_extractor.py).
    rules: set[Tuple] = field(default_factory=set)
    split: dict[str, str] = field(default_factory=dict)
    negotiation: dict[str, str] = field(default_factory=dict)
    style: dict[str, str] = field(default_factory=dict)
    doc_text: dict[str, str] = field(default_factory=dict)


class _Collector:
    """A stance step's claim maker that keeps the candidates' features and returns the rules'
    claims (what stance.v1 says with keyword issues, as stance.v2 runs it)."""

    def __init__(self) -> None:
        self.parts: list[Features] = []
        self.anchors: Anchors | None = None

    def claims(
        self, records: list[SentenceRecord], context: Context, doc_text: dict[str, str]
    ) -> list[Claim]:
        self.anchors = self.anchors or anchor_vectors(context)
        self.parts.append(featurize(records, context, self.anchors))
        return context.claims_for([r for r in records if r.stances], doc_text)

    def step(self, context: Context) -> Step:
        """The collecting step, in the place of stance.v2."""
        return ClaimsStep(context, "features.v2", self)


def scenario_files(corpus: Path, repo: Path) -> dict[str, Path]:
    files = {FLAGSHIP_ID: repo / "examples" / "ukraine-2025" / "scenario.yaml"}
    files.update({p.stem: p for p in sorted((corpus / "negotiations").glob("*.yaml"))})
    return files


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DetenteError(
            "DT407",
            f"cannot read {path.name}: {exc}",
            location=str(path),
            hint="python scripts/build_extraction_corpus.py",
        ) from None


def load_corpus(corpus: Path, repo: Path, docs: set[str] | None = None) -> CorpusFeatures:
    """Features and labels of every article (or only ``docs``), negotiation by negotiation."""
    split = _read_json(corpus / "splits.json")
    assert isinstance(split, dict)
    gold_rows = [
        json.loads(line) for line in (corpus / "gold.claims.jsonl").read_text().splitlines() if line
    ]
    out = CorpusFeatures(split=dict(split))
    gold_spans: dict[tuple[str, str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for row in gold_rows:
        if docs is None or row["doc"] in docs:
            out.gold.add((row["doc"], row["actor"], row["issue"], row["stance"]))
            gold_spans[(row["doc"], row["actor"], row["issue"])].append(
                (row["start"], row["end"], row["stance"])
            )
    matrices, labels = [], []
    for negotiation, path in scenario_files(corpus, repo).items():
        documents = _articles(corpus / "articles" / negotiation, out, negotiation, docs)
        if not documents:
            continue
        # The pipeline as stance.v2 runs it (rules on keywords), with the collector in its place.
        collector = _Collector()
        result = Pipeline(load_scenario(path), stance=collector.step).run(documents)
        out.rules |= {(c.doc, c.actor, c.issue, c.stance) for c in result.claims}
        for part in collector.parts:
            out.candidates += part.candidates
            matrices.append(part.matrix)
            labels += [_label(c, gold_spans) for c in part.candidates]
    out.matrix = np.vstack(matrices) if matrices else out.matrix
    out.labels = np.array(labels, dtype=np.int64)
    return out


def _articles(
    folder: Path, out: CorpusFeatures, negotiation: str, docs: set[str] | None
) -> list[Document]:
    documents = []
    for path in sorted(folder.glob("*.md")):
        for document in read_file(path).documents:
            if docs is not None and document.id not in docs:
                continue
            documents.append(document)
            out.negotiation[document.id] = negotiation
            found = _STYLE.search(path.read_text(encoding="utf-8"))
            out.style[document.id] = found.group(1) if found else "unknown"
            out.doc_text[document.id] = document.text
    return documents


def _label(
    candidate: Candidate, gold: dict[tuple[str, str, str], list[tuple[int, int, str]]]
) -> int:
    for start, end, stance in gold.get((candidate.doc, candidate.actor, candidate.issue), []):
        if start < candidate.end and candidate.start < end:
            return CLASSES.index(stance)
    return 0


def rows_of(features: CorpusFeatures, split: str, share: float = 1.0, seed: int = 7) -> np.ndarray:
    """Candidate rows whose article is in ``split`` (a seeded ``share`` of those articles)."""
    docs = sorted(d for d in features.negotiation if features.split.get(d) == split)
    if share < 1.0:
        docs.sort(key=lambda d: hashlib.sha256(f"{seed}:{d}".encode()).hexdigest())
        docs = docs[: max(1, round(len(docs) * share))]
    wanted = set(docs)
    return np.array(
        [k for k, c in enumerate(features.candidates) if c.doc in wanted], dtype=np.int64
    )


def train(features: CorpusFeatures, settings: TrainSettings, share: float = 1.0) -> StanceModel:
    """Fit on train, calibrate the temperature and choose the threshold on dev."""
    train_rows = rows_of(features, "train", share, settings.seed)
    model = fit_mlp(features.matrix[train_rows], features.labels[train_rows], settings)
    dev_rows = rows_of(features, "dev")
    logits = model.logits(features.matrix[dev_rows])
    temperature = fit_temperature(logits, features.labels[dev_rows])
    model = StanceModel(
        model.mean, model.scale, model.w1, model.b1, model.w2, model.b2, temperature, 0.5
    )
    claims = predict(features, model, dev_rows, threshold=0.0)
    threshold = choose_threshold(
        [((c.doc, c.actor, c.issue, c.stance), c.confidence) for c in claims],
        gold_of(features, "dev"),
    )
    return StanceModel(
        model.mean, model.scale, model.w1, model.b1, model.w2, model.b2, temperature, threshold
    )


def predict(
    features: CorpusFeatures, model: StanceModel, rows: np.ndarray, threshold: float | None = None
) -> list[Claim]:
    part = Features([features.candidates[k] for k in rows], features.matrix[rows])
    probabilities = model.probabilities(part.matrix)
    return decide(
        part,
        probabilities,
        model.threshold if threshold is None else threshold,
        lambda doc, start, end: features.doc_text[doc][start:end],
        STANCE_V2,
    )


def gold_of(features: CorpusFeatures, split: str) -> set[Tuple]:
    return {t for t in features.gold if features.split.get(t[0]) == split}


def split_report(features: CorpusFeatures, model: StanceModel, split: str) -> dict[str, object]:
    """Tuple P/R/F1 on one split: overall, per negotiation, style, issue and stance class, and
    the rules beside it."""
    claims = predict(features, model, rows_of(features, split))
    predicted = {(c.doc, c.actor, c.issue, c.stance) for c in claims}
    gold = gold_of(features, split)
    docs = {d for d, s in features.split.items() if s == split and d in features.negotiation}
    rules = {t for t in features.rules if t[0] in docs}
    report: dict[str, object] = {
        "articles": len(docs),
        "stance.v2": score_tuples(gold, predicted).as_dict(),
        "rules_keyword_issues": score_tuples(gold, rules).as_dict(),
    }
    report.update(breakdown(gold, predicted, features.negotiation, features.style))
    correct = np.array([(c.doc, c.actor, c.issue, c.stance) in gold for c in claims])
    confidences = np.array([c.confidence for c in claims])
    report["reliability"] = reliability(confidences, correct) if claims else []
    return report


def candidate_recall(features: CorpusFeatures, split: str) -> float:
    """Share of the split's gold tuples that some candidate could produce (the ceiling)."""
    gold = gold_of(features, split)
    labelled = {
        (c.doc, c.actor, c.issue, CLASSES[int(y)])
        for c, y in zip(features.candidates, features.labels, strict=True)
        if y and features.split.get(c.doc) == split
    }
    return len(gold & labelled) / len(gold) if gold else 0.0
