"""stance.v3: a fine-tuned MiniLM cross-encoder reads each (party, issue, sentence) together.

A cascade. The candidates are stance.v2's (every sentence that names a party or carries one
over, crossed with every issue); stance.v2's cheap probability that a candidate holds any stance
prunes the obvious "none" pairs, and the cross-encoder reads the rest. It reads one pair of
texts per candidate, ``party: <name> (as <mention>) [SEP] issue: <name>. <proposition>`` and
the sentence, and gives probabilities for none / for / against / conditional. The claim's
probabilities are a blend of the cross-encoder's (temperature-calibrated) and stance.v2's, with
the weight fitted on dev: the two read different evidence (the words together, against
embeddings plus parse and rule features) and their errors differ.

The model is all-MiniLM-L6-v2 fine-tuned by ``scripts/train_cross_encoder.py`` (torch, the
``train`` extra), exported to ONNX and quantised to int8; here it runs on onnxruntime only,
with the WordPiece tokenizer ``nlp/embed.py`` uses. ``data/stance.v3.json`` holds what was
fitted on the dev split: the calibration temperature, the claim threshold, the pruning bound.
"""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import onnxruntime as ort

from detente.domain import Claim, Issue
from detente.errors import DetenteError
from detente.nlp.embed import wordpiece_tokenizer
from detente.nlp.stance_model import (
    CLASSES,
    Candidate,
    Features,
    StanceModel,
    decide,
    iter_blocks,
    softmax,
)

if TYPE_CHECKING:
    from detente.nlp.context import Context
    from detente.nlp.records import SentenceRecord

STANCE_V3 = "stance.v3"
MODEL_FILE = "stance.v3.onnx"
META_FILE = "stance.v3.json"
MAX_TOKENS = 128


@dataclass(frozen=True)
class Pair:
    """One candidate as the cross-encoder reads it."""

    candidate: Candidate
    first: str  # the party and the issue
    second: str  # the sentence
    v2: tuple[float, float, float, float]  # stance.v2's calibrated probabilities (CLASSES)

    @property
    def prior(self) -> float:
        """stance.v2's probability that the candidate holds any stance."""
        return 1.0 - self.v2[0]


def issue_prompt(issue: Issue) -> str:
    return f"issue: {issue.name}. {issue.proposition}"


def party_prompt(name: str, mention: str | None) -> str:
    """The party, and how this sentence names it (``None``: carried over, not named here)."""
    if mention is None:
        return f"party: {name} (not named here)"
    if mention.lower() == name.lower():
        return f"party: {name}"
    return f"party: {name} (as {mention})"


def candidate_pairs(
    records: list[SentenceRecord], pipeline: Context, pruner: StanceModel, min_prior: float = 0.0
) -> list[Pair]:
    """The stance.v2 candidates of a chunk (``records`` in document order) whose prior is at
    least ``min_prior`` (training takes them all; the step only those it reads)."""
    assert pipeline.scenario is not None and pipeline.index is not None
    issue_vectors = pipeline.index.vectors
    assert issue_vectors is not None
    names = {a.id: a.name for a in pipeline.scenario.actors}
    issues = {i.id: issue_prompt(i) for i in pipeline.scenario.issues}
    by_start = {(r.doc, r.start): r for r in records}
    pairs = []
    for block in iter_blocks(records, pipeline):
        probabilities = pruner.block_probabilities(block, issue_vectors)
        first_candidate = block.candidates[0]  # a block is one sentence
        record = by_start[(first_candidate.doc, first_candidate.start)]
        parties: dict[str, str] = {}  # actor -> its prompt in this sentence
        for candidate, row in zip(block.candidates, probabilities, strict=True):
            v2 = (float(row[0]), float(row[1]), float(row[2]), float(row[3]))
            if 1.0 - v2[0] < min_prior:
                continue
            if candidate.actor not in parties:
                parties[candidate.actor] = party_prompt(
                    names[candidate.actor], _first_mention(record, candidate.actor)
                )
            first = f"{parties[candidate.actor]} [SEP] {issues[candidate.issue]}"
            pairs.append(Pair(candidate, first, record.text, v2))
    return pairs


def _first_mention(record: SentenceRecord, actor: str) -> str | None:
    """How the sentence first names ``actor`` as a party (``None``: it does not)."""
    return next(
        (
            m.text
            for m in sorted(record.mentions, key=lambda m: m.start)
            if m.actor == actor and m.kind != "commentator"
        ),
        None,
    )


@dataclass(frozen=True)
class Calibration:
    """What was fitted on the dev split (``data/stance.v3.json``)."""

    temperature: float
    threshold: float  # a stance class at or above it becomes a claim
    prune: float  # candidates whose stance.v2 prior is below it are "none" unread
    blend: float = 1.0  # the cross-encoder's weight; stance.v2 has the rest
    version: str = STANCE_V3

    @classmethod
    def load(cls, path: Path) -> Calibration:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                float(data["temperature"]),
                float(data["threshold"]),
                float(data["prune"]),
                float(data["blend"]),
                str(data["version"]),
            )
        except (OSError, ValueError, KeyError) as exc:
            raise DetenteError(
                "DT406", f"stance.v3 calibration unreadable: {exc}", hint="make train-extractor"
            ) from None


class CrossEncoder:
    """The int8 ONNX cross-encoder: raw logits and calibrated probabilities over CLASSES."""

    def __init__(self, model_path: Path, calibration: Calibration, threads: int = 2) -> None:
        try:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise DetenteError(
                "DT406", f"stance.v3 model unreadable: {exc}", hint="make train-extractor"
            ) from None
        self.calibration = calibration
        self.tokenizer = wordpiece_tokenizer()
        self.tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Raw logits, one row per (first, second) pair.

        One pair per run: the int8 model quantises its activations with ranges taken over the
        whole input, so in a padded batch a pair's scores would depend on its neighbours.
        """
        out = np.zeros((len(pairs), len(CLASSES)), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(pairs)):
            ids = np.array([encoding.ids], dtype=np.int64)
            feed = {
                "input_ids": ids,
                "attention_mask": np.ones_like(ids),
                "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            }
            out[row] = self.session.run(None, feed)[0][0]
        return out

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """The cross-encoder's calibrated class probabilities, one row per pair (sum 1)."""
        return softmax(self.logits(pairs).astype(np.float64) / self.calibration.temperature)

    def blended(self, pairs: list[Pair]) -> np.ndarray:
        """A claim's probabilities: the calibrated cross-encoder blended with stance.v2."""
        weight = self.calibration.blend
        own = self.probabilities([(p.first, p.second) for p in pairs])
        v2 = np.array([p.v2 for p in pairs], dtype=np.float64).reshape(len(pairs), len(CLASSES))
        out: np.ndarray = weight * own + (1.0 - weight) * v2
        return out


def shipped_paths() -> tuple[Path, Path]:
    folder = importlib.resources.files("detente.nlp").joinpath("data")
    return Path(str(folder.joinpath(MODEL_FILE))), Path(str(folder.joinpath(META_FILE)))


@lru_cache(maxsize=1)
def shipped_cross_encoder() -> CrossEncoder:
    model, meta = shipped_paths()
    return CrossEncoder(model, Calibration.load(meta))


PRUNER_FILE = "stance.v3.pruner.npz"


def pruner_path() -> Path:
    return Path(str(importlib.resources.files("detente.nlp").joinpath("data", PRUNER_FILE)))


@lru_cache(maxsize=1)
def shipped_pruner() -> StanceModel:
    """The stance.v2 classifier stance.v3 was fitted behind, refit on the corpus stance.v3 was
    trained on (``make train-extractor`` rebuilds both); the stance.v2 step itself keeps its
    frozen weights (data/stance.v2.npz)."""
    return StanceModel.load(pruner_path())


class CrossEncoderStance:
    """The pipeline's stance.v3 step (the interface of ``LearnedStance``)."""

    def __init__(
        self, encoder: CrossEncoder | None = None, pruner: StanceModel | None = None
    ) -> None:
        self._encoder = encoder
        self._pruner = pruner

    @property
    def encoder(self) -> CrossEncoder:
        if self._encoder is None:
            self._encoder = shipped_cross_encoder()
        return self._encoder

    def claims(
        self, records: list[SentenceRecord], pipeline: Context, doc_text: dict[str, str]
    ) -> list[Claim]:
        pruner = self._pruner or shipped_pruner()
        calibration = self.encoder.calibration
        read = candidate_pairs(records, pipeline, pruner, calibration.prune)
        probabilities = self.encoder.blended(read)
        return decide(
            Features([p.candidate for p in read], np.zeros((len(read), 0), dtype=np.float32)),
            probabilities,
            calibration.threshold,
            lambda doc, start, end: doc_text[doc][start:end],
            calibration.version,
        )
