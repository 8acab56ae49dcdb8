"""stance.v3's training sample, drawn from the real pairs of a few corpus articles."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from detente.nlp.cross_encoder import shipped_pruner
from detente.workflows.learned_pairs import (
    HARD_FROM,
    READ_FROM,
    CorpusPairs,
    load_pairs,
    sample_training_rows,
    split_rows,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "training" / "extraction"


@pytest.fixture(scope="module")
def few() -> tuple[CorpusPairs, set[str]]:
    splits_file = CORPUS / "splits.json"
    if not splits_file.is_file():
        pytest.skip("training/extraction/splits.json is not there")
    splits = json.loads(splits_file.read_text())
    train = set(sorted(d for d, s in splits.items() if s == "train" and d.startswith("uae-"))[:6])
    return load_pairs(CORPUS, REPO, shipped_pruner(), docs=train), train


def _pools(data: CorpusPairs, rows: np.ndarray) -> dict[str, int]:
    priors = np.array([data.pairs[k].prior for k in rows])
    negative = data.labels[rows] == 0
    return {
        "positive": int((~negative).sum()),
        "read": int((negative & (priors >= READ_FROM)).sum()),
        "hard": int((negative & (priors >= HARD_FROM) & (priors < READ_FROM)).sum()),
        "easy": int((negative & (priors < HARD_FROM)).sum()),
    }


def test_the_subset_holds_only_the_asked_articles(few: tuple[CorpusPairs, set[str]]) -> None:
    data, train = few
    assert {p.candidate.doc for p in data.pairs} == train
    assert len(data.labels) == len(data.pairs) and (data.labels > 0).any()


def test_the_sample_keeps_every_positive_and_draws_each_pool_by_its_ratio(
    few: tuple[CorpusPairs, set[str]],
) -> None:
    data, train = few
    everything = _pools(data, split_rows(data, "train"))
    assert everything["read"] > 0 and everything["easy"] > 0
    rows = sample_training_rows(data, train, 7, (1.0, 0.5, 0.25))
    drawn = _pools(data, rows)
    positives = everything["positive"]
    assert drawn["positive"] == positives
    for pool, ratio in (("read", 1.0), ("hard", 0.5), ("easy", 0.25)):
        assert drawn[pool] == min(everything[pool], round(ratio * positives)), pool
    assert len(set(rows.tolist())) == len(rows)


def test_without_a_read_share_the_read_pool_is_drawn_as_hard(
    few: tuple[CorpusPairs, set[str]],
) -> None:
    data, train = few
    rows = sample_training_rows(data, train, 7, (0.0, 1.0, 0.0))
    drawn = _pools(data, rows)
    assert drawn["read"] + drawn["hard"] == round(1.0 * drawn["positive"])
    assert drawn["easy"] == 0
    more_read = _pools(data, sample_training_rows(data, train, 7, (1.0, 0.0, 0.0)))
    assert more_read["hard"] == 0 and more_read["read"] > drawn["read"]


def test_the_sample_depends_only_on_the_seed(few: tuple[CorpusPairs, set[str]]) -> None:
    data, train = few
    first = sample_training_rows(data, train, 7, (1.0, 1.0, 0.5))
    np.testing.assert_array_equal(first, sample_training_rows(data, train, 7, (1.0, 1.0, 0.5)))
    assert not np.array_equal(first, sample_training_rows(data, train, 8, (1.0, 1.0, 0.5)))
