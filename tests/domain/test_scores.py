"""The shared precision/recall/F1 record."""

from __future__ import annotations

from detente.domain.scores import Score


def test_precision_recall_and_f1_from_matched_counts() -> None:
    score = Score("claims", gold=10, predicted=8, matched_gold=6, matched_predicted=6)
    assert (score.precision, score.recall) == (0.75, 0.6)
    assert abs(score.f1 - 2 * 0.75 * 0.6 / 1.35) < 1e-12


def test_nothing_predicted_or_no_gold_scores_zero_not_a_division_error() -> None:
    empty = Score("facts", gold=0, predicted=0, matched_gold=0, matched_predicted=0)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
