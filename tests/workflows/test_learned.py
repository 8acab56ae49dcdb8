"""Training stance.v2 on a tiny real subset of the corpus: seeded, so reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from detente.nlp.stance_train import TrainSettings, choose_threshold, fit_mlp, score_tuples
from detente.workflows.learned import load_corpus, rows_of

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "training" / "extraction"


@pytest.fixture(scope="module")
def tiny():  # type: ignore[no-untyped-def]
    splits_file = CORPUS / "splits.json"
    if not splits_file.is_file():
        pytest.skip("training/extraction/splits.json is not there")
    splits = json.loads(splits_file.read_text())
    train = sorted(d for d, s in splits.items() if s == "train" and d.startswith("trade-"))[:3]
    return load_corpus(CORPUS, REPO, docs=set(train))


def test_training_is_deterministic_for_a_seed(tiny) -> None:  # type: ignore[no-untyped-def]
    rows = rows_of(tiny, "train")
    assert len(rows) and (tiny.labels[rows] > 0).any(), "the subset has no gold claim"
    settings = TrainSettings(seed=11, epochs=3, hidden=16)
    first = fit_mlp(tiny.matrix[rows], tiny.labels[rows], settings)
    again = fit_mlp(tiny.matrix[rows], tiny.labels[rows], settings)
    other = fit_mlp(
        tiny.matrix[rows], tiny.labels[rows], TrainSettings(seed=12, epochs=3, hidden=16)
    )
    np.testing.assert_array_equal(first.w1, again.w1)
    np.testing.assert_array_equal(first.w2, again.w2)
    assert not np.array_equal(first.w1, other.w1)


def test_training_fits_its_own_articles(tiny) -> None:  # type: ignore[no-untyped-def]
    rows = rows_of(tiny, "train")
    model = fit_mlp(tiny.matrix[rows], tiny.labels[rows], TrainSettings(epochs=30, hidden=32))
    predicted = np.argmax(model.probabilities(tiny.matrix[rows]), axis=1)
    positive = tiny.labels[rows] > 0
    assert (predicted[positive] == tiny.labels[rows][positive]).mean() > 0.8


def test_threshold_reaches_the_precision_target_when_it_can() -> None:
    gold = {("d", "a", f"i{k}", "for") for k in range(10)}
    scored = [(("d", "a", f"i{k}", "for"), 0.9) for k in range(8)]
    scored += [(("d", "b", f"i{k}", "for"), 0.5) for k in range(4)]  # wrong, less confident
    threshold = choose_threshold(scored, gold)
    kept = {key for key, confidence in scored if confidence >= threshold}
    assert score_tuples(gold, kept).precision >= 0.85
    assert score_tuples(gold, kept).recall == 0.8
