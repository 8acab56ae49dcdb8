"""stance.v3's corpus: the cross-encoder's (party, issue, sentence) pairs of every article.

Runs detente's pipeline on each negotiation of the extraction training corpus with a collecting
stance step, so training and evaluation read exactly the pairs ``detente extract`` builds under
``--stance stance.v3``, each labelled from the gold claims whose span overlaps it, and scores
predicted claims per split, negotiation and style (as ``workflows.learned`` does for stance.v2).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.domain import Claim
from detente.io import load_scenario
from detente.nlp.context import Context
from detente.nlp.cross_encoder import Pair, candidate_pairs
from detente.nlp.pipeline import Pipeline
from detente.nlp.records import SentenceRecord
from detente.nlp.stance_model import CLASSES, STANCE_V2, StanceModel
from detente.nlp.stance_train import Tuple, breakdown, reliability, score_tuples
from detente.nlp.steps import ClaimsStep
from detente.workflows.learned import CorpusFeatures, _articles, _read_json, scenario_files

HARD_FROM = 0.003  # a negative is "hard" when stance.v2 gives it at least this prior
# Bounds on stance.v2's prior below which a pair is not read; calibration takes the highest
# within 0.01 of the best dev F1 (each step up reads fewer pairs: the shipped model's dev
# grid in training/extraction/metrics.v3.json gives the pairs read per article at each).
PRUNE_GRID = (0.01, 0.03, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
# Training draws its "read" negatives above this bound. It stays where the shipped model was
# trained (the grid once ended there), so widening the grid changes no training sample.
READ_FROM = 0.1


@dataclass
class CorpusPairs:
    pairs: list[Pair] = field(default_factory=list)
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    meta: CorpusFeatures = field(default_factory=CorpusFeatures)  # gold, splits, groups, texts


class _PairCollector:
    def __init__(self, pruner: StanceModel) -> None:
        self.pruner = pruner
        self.pairs: list[Pair] = []

    def claims(
        self, records: list[SentenceRecord], pipeline: Context, doc_text: dict[str, str]
    ) -> list[Claim]:
        self.pairs += candidate_pairs(records, pipeline, self.pruner)
        return []


def load_pairs(
    corpus: Path, repo: Path, pruner: StanceModel, docs: set[str] | None = None
) -> CorpusPairs:
    """Every article's (or those of ``docs``) candidate pairs, labelled (indices into CLASSES)."""
    split = _read_json(corpus / "splits.json")
    assert isinstance(split, dict)
    out = CorpusPairs(meta=CorpusFeatures(split=dict(split)))
    spans: dict[tuple[str, str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for line in (corpus / "gold.claims.jsonl").read_text(encoding="utf-8").splitlines():
        if line:
            row = json.loads(line)
            out.meta.gold.add((row["doc"], row["actor"], row["issue"], row["stance"]))
            spans[(row["doc"], row["actor"], row["issue"])].append(
                (row["start"], row["end"], row["stance"])
            )
    labels = []
    for negotiation, path in scenario_files(corpus, repo).items():
        documents = _articles(corpus / "articles" / negotiation, out.meta, negotiation, docs)
        if not documents:
            continue
        collector = _PairCollector(pruner)

        def collecting(context: Context, collector: _PairCollector = collector) -> ClaimsStep:
            return ClaimsStep(context, STANCE_V2, collector)

        Pipeline(load_scenario(path), stance=collecting).run(documents)
        out.pairs += collector.pairs
        for pair in collector.pairs:
            c = pair.candidate
            label = next(
                (
                    CLASSES.index(stance)
                    for start, end, stance in spans.get((c.doc, c.actor, c.issue), [])
                    if start < c.end and c.start < end
                ),
                0,
            )
            labels.append(label)
    out.labels = np.array(labels, dtype=np.int64)
    return out


def split_rows(data: CorpusPairs, split: str, docs: set[str] | None = None) -> np.ndarray:
    return np.array(
        [
            k
            for k, p in enumerate(data.pairs)
            if data.meta.split.get(p.candidate.doc) == split
            and (docs is None or p.candidate.doc in docs)
        ],
        dtype=np.int64,
    )


def sample_training_rows(
    data: CorpusPairs, docs: set[str], seed: int, ratios: tuple[float, float, float]
) -> np.ndarray:
    """All positives of ``docs``; negatives subsampled with the seed from three pools.

    ``ratios`` are negatives per positive drawn from the pairs of stance.v2 prior >= READ_FROM
    (those the step reads at every bound up to it), the other hard ones and the easy ones.
    With no read share the read pool stays inside the hard one (the sample of earlier rounds,
    same seed).
    """
    rng = np.random.default_rng(seed)
    rows = split_rows(data, "train", docs)
    labels = data.labels[rows]
    priors = np.array([data.pairs[k].prior for k in rows])
    negative = labels == 0
    read_bound = READ_FROM if ratios[0] > 0 else np.inf
    pools = [
        rows[negative & (priors >= read_bound)],
        rows[negative & (priors >= HARD_FROM) & (priors < read_bound)],
        rows[negative & (priors < HARD_FROM)],
    ]
    positive = rows[labels > 0]
    drawn = [
        rng.choice(pool, min(len(pool), round(ratio * len(positive))), replace=False)
        for pool, ratio in zip(pools, ratios, strict=True)
        if ratio > 0
    ]
    return np.sort(np.concatenate([positive, *drawn]))


def gold_of(data: CorpusPairs, split: str) -> set[Tuple]:
    return {t for t in data.meta.gold if data.meta.split.get(t[0]) == split}


def tuple_report(
    data: CorpusPairs, split: str, claims: list[Claim], name: str
) -> dict[str, object]:
    """Tuple P/R/F1 of ``claims`` on one split: overall, per negotiation, style, issue and
    stance class, and the reliability table."""
    meta = data.meta
    predicted = {(c.doc, c.actor, c.issue, c.stance) for c in claims}
    gold = gold_of(data, split)
    docs = {d for d, s in meta.split.items() if s == split and d in meta.negotiation}
    report: dict[str, object] = {
        "articles": len(docs),
        name: score_tuples(gold, predicted).as_dict(),
    }
    report.update(breakdown(gold, predicted, meta.negotiation, meta.style))
    correct = np.array([(c.doc, c.actor, c.issue, c.stance) in gold for c in claims])
    confidences = np.array([c.confidence for c in claims])
    report["reliability"] = reliability(confidences, correct) if claims else []
    return report
