"""stance.v2 on real corpus articles with the shipped model: loading, prediction, calibration."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.ingest import read_file
from detente.io import load_scenario
from detente.nlp.context import Context
from detente.nlp.pipeline import Pipeline
from detente.nlp.stance_model import (
    CLASSES,
    FEATURE_WIDTH,
    STANCE_V1,
    STANCE_V2,
    LearnedStance,
    blocks,
    featurize,
    shipped_model,
)
from detente.nlp.stance_train import fit_temperature
from detente.nlp.steps import ClaimsStep

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "training" / "extraction"
runner = CliRunner()


def _train_article() -> tuple[Path, Path]:
    """A train-split article of the trade negotiation and its negotiation file."""
    splits_file = CORPUS / "splits.json"
    if not splits_file.is_file():
        pytest.skip("training/extraction/splits.json is not there")
    splits = json.loads(splits_file.read_text())
    folder = CORPUS / "articles" / "us_china_trade_2025"
    for path in sorted(folder.glob("*.md")):
        if splits.get(path.stem) == "train":
            return path, CORPUS / "negotiations" / "us_china_trade_2025.yaml"
    pytest.skip("no train article of us_china_trade_2025")


class _Keep:
    """A stance step's claim maker that keeps the chunk's records for the test to look at."""

    def __init__(self) -> None:
        self.records: list = []

    def claims(self, records, context, doc_text):  # type: ignore[no-untyped-def]
        self.records += records
        self.features = featurize(records, context)
        self.blocks = blocks(records, context)
        return []

    def step(self, context: Context) -> ClaimsStep:
        return ClaimsStep(context, "keep.v1", self)


def test_the_shipped_model_predicts_claims_on_a_corpus_article() -> None:
    article, negotiation = _train_article()
    documents = read_file(article).documents
    result = Pipeline(load_scenario(negotiation), stance=STANCE_V2).run(documents)
    assert result.claims, "the shipped model finds no claim in a train article"
    model = shipped_model()
    assert model.version == STANCE_V2 and model.temperature > 0
    for claim in result.claims:
        assert claim.extractor == STANCE_V2
        assert model.threshold <= claim.confidence <= 1.0
        assert documents[0].text[claim.start : claim.end] == claim.sentence


def test_block_inference_equals_the_full_feature_rows() -> None:
    article, negotiation = _train_article()
    keep = _Keep()
    pipeline = Pipeline(load_scenario(negotiation), stance=keep.step)
    pipeline.run(read_file(article).documents)
    assert keep.features.matrix.shape[1] == FEATURE_WIDTH
    model = shipped_model()
    full = model.probabilities(keep.features.matrix)
    index = pipeline.context.index
    assert index is not None and index.vectors is not None
    by_block = np.vstack([model.block_probabilities(b, index.vectors) for b in keep.blocks])
    np.testing.assert_allclose(by_block, full, atol=1e-4)


def test_calibrated_confidence_is_monotone_in_the_model_score() -> None:
    article, negotiation = _train_article()
    keep = _Keep()
    Pipeline(load_scenario(negotiation), stance=keep.step).run(read_file(article).documents)
    model = shipped_model()
    logits = model.logits(keep.features.matrix)
    calibrated = model.probabilities(keep.features.matrix)
    # Raising a class's score (its output bias) raises that class's calibrated confidence on
    # every candidate: calibration keeps the model's order.
    for k in range(1, len(CLASSES)):
        bias = model.b2.copy()
        bias[k] += 0.5
        raised = dataclasses.replace(model, b2=bias).probabilities(keep.features.matrix)
        assert np.all(raised[:, k] >= calibrated[:, k] - 1e-7)
        assert np.mean(raised[:, k] > calibrated[:, k]) > 0.9
    # The fitted temperature is the one that explains the labels best: overconfident logits
    # of a perfect classifier need no softening, shuffled labels need a lot.
    labels = np.argmax(logits, axis=1)
    assert fit_temperature(logits, labels) <= 1.0
    rng = np.random.default_rng(3)
    assert fit_temperature(logits, rng.permutation(labels)) > fit_temperature(logits, labels)


def test_extract_records_the_stance_step_that_made_each_claim(tmp_path: Path) -> None:
    article, negotiation = _train_article()
    for step in (STANCE_V2, STANCE_V1):
        out = tmp_path / step
        result = runner.invoke(
            app,
            [
                "extract",
                str(article),
                "--scenario",
                str(negotiation),
                "--out",
                str(out),
                "--stance",
                step,
            ],
        )
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in (out / "claims.jsonl").read_text().splitlines()]
        assert rows and {r["extractor"] for r in rows} == {step}


def test_an_unknown_stance_step_is_a_coded_error(tmp_path: Path) -> None:
    article, negotiation = _train_article()
    result = runner.invoke(
        app,
        [
            "extract",
            str(article),
            "--scenario",
            str(negotiation),
            "--out",
            str(tmp_path),
            "--stance",
            "stance.v9",
        ],
    )
    assert result.exit_code == 2
    assert "DT405" in result.output


def test_learned_step_loads_the_shipped_weights() -> None:
    step = LearnedStance()
    assert step.model.w1.shape == (FEATURE_WIDTH, step.model.w2.shape[0])


def test_an_interview_answer_speaks_for_the_party_named_before_the_questions() -> None:
    # sagb-092 introduces the studios' spokesman, then its questions name the union and "the
    # companies": an answer naming only the union ("A: We notify the union and bargain.") is
    # still the studios' statement, so the studios must be among its candidates.
    article = CORPUS / "articles" / "sag_aftra_2023" / "sagb-092.md"
    if not article.is_file():
        pytest.skip("the corpus article sagb-092 is not there")
    keep = _Keep()
    negotiation = CORPUS / "negotiations" / "sag_aftra_2023.yaml"
    Pipeline(load_scenario(negotiation), stance=keep.step).run(read_file(article).documents)
    answer = next(r for r in keep.records if r.text.startswith("A: We notify the union"))
    actors = {c.actor for c in keep.features.candidates if c.start == answer.start}
    assert actors >= {"amptp", "sag_aftra"}
    # the question before it is the interviewer's: no candidate of its own
    question = next(r for r in keep.records if r.text.startswith("Q: And synthetic"))
    assert not any(c.start == question.start for c in keep.features.candidates)
