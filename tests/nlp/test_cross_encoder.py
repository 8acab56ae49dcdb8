"""stance.v3, the shipped int8 cross-encoder: onnxruntime only, calibrated, deterministic, right
on plain sentences written for this test, and wired into ``detente extract``."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.ingest import sha256_text
from detente.domain import Claim, Document
from detente.io import load_scenario
from detente.nlp.context import Context
from detente.nlp.cross_encoder import (
    STANCE_V3,
    Calibration,
    CrossEncoder,
    Pair,
    candidate_pairs,
    issue_prompt,
    party_prompt,
    shipped_cross_encoder,
    shipped_paths,
    shipped_pruner,
)
from detente.nlp.pipeline import Pipeline
from detente.nlp.records import SentenceRecord
from detente.nlp.stance_model import CLASSES, Candidate
from detente.nlp.steps import ClaimsStep
from detente.workflows.learned_pairs import PRUNE_GRID

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "training" / "extraction"
IRAN = CORPUS / "negotiations" / "iran_nuclear_2025.yaml"
runner = CliRunner()


def _pair(actor: str, mention: str | None, issue_id: str, sentence: str) -> tuple[str, str]:
    scenario = load_scenario(IRAN)
    name = next(a.name for a in scenario.actors if a.id == actor)
    issue = next(i for i in scenario.issues if i.id == issue_id)
    return f"{party_prompt(name, mention)} [SEP] {issue_prompt(issue)}", sentence


# Sentences written for this test (not from the corpus), about the Iran negotiation's issues.
CLEAR = [
    (
        _pair(
            "iran",
            "Tehran",
            "sanctions_relief",
            "Tehran insisted on Monday that every US sanction on its oil and banks be lifted "
            "before it signs anything.",
        ),
        "for",
    ),
    (
        _pair(
            "us",
            "Washington",
            "sanctions_relief",
            "Washington flatly refused to lift the oil and banking sanctions on Iran, a "
            "senior official said.",
        ),
        "against",
    ),
    (
        _pair(
            "iran",
            "Iran",
            "iaea_access",
            "Iran will not let IAEA inspectors back into Fordow or Natanz, its foreign "
            "minister said.",
        ),
        "against",
    ),
    (
        _pair(
            "e3",
            "the Europeans",
            "snapback",
            "The Europeans said they want the UN sanctions reimposed through the snapback "
            "mechanism this month.",
        ),
        "for",
    ),
]


def test_the_shipped_model_runs_on_onnxruntime_without_torch() -> None:
    # torch may be installed (the train extra), and thinc imports it when it can, so the child
    # makes torch unimportable: the model must run all the same.
    code = (
        "import sys\n"
        "sys.modules['torch'] = None\n"
        "from detente.nlp.cross_encoder import shipped_cross_encoder\n"
        "pair = ('party: Iran [SEP] issue: x', 'Iran said no.')\n"
        "p = shipped_cross_encoder().probabilities([pair])\n"
        "assert p.shape == (1, 4)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_shipped_model_is_small_and_calibrated_on_dev() -> None:
    model, meta = shipped_paths()
    assert model.stat().st_size < 30_000_000
    calibration = Calibration.load(meta)
    assert calibration.version == STANCE_V3
    assert 0.2 < calibration.temperature < 10
    assert 0.3 <= calibration.threshold < 1.0
    assert calibration.prune in PRUNE_GRID
    assert 0.0 < calibration.blend <= 1.0
    assert json.loads(meta.read_text())["classes"] == list(CLASSES)


def test_probabilities_sum_to_one_and_do_not_change_between_runs() -> None:
    pairs = [pair for pair, _ in CLEAR]
    first = shipped_cross_encoder().probabilities(pairs)
    again = shipped_cross_encoder().probabilities(list(reversed(pairs)))[::-1]
    model, meta = shipped_paths()
    fresh = CrossEncoder(model, Calibration.load(meta), threads=1).probabilities(pairs)
    np.testing.assert_allclose(first.sum(axis=1), 1.0, atol=1e-9)
    assert np.all((first >= 0) & (first <= 1))
    np.testing.assert_allclose(again, first, atol=1e-6)  # batch order does not matter
    np.testing.assert_allclose(fresh, first, atol=1e-6)  # nor the thread count


def test_a_higher_temperature_softens_the_same_logits() -> None:
    model, meta = shipped_paths()
    calibration = Calibration.load(meta)
    pairs = [pair for pair, _ in CLEAR]
    sharp = CrossEncoder(model, Calibration(0.5, calibration.threshold, calibration.prune))
    soft = CrossEncoder(model, Calibration(3.0, calibration.threshold, calibration.prune))
    p_sharp, p_soft = sharp.probabilities(pairs), soft.probabilities(pairs)
    assert np.all(p_sharp.max(axis=1) > p_soft.max(axis=1))
    assert np.array_equal(p_sharp.argmax(axis=1), p_soft.argmax(axis=1))


def test_blended_probabilities_mix_the_cross_encoder_with_stance_v2() -> None:
    model, meta = shipped_paths()
    calibration = Calibration.load(meta)
    candidate = Candidate("doc", 0, 10, "iran", "sanctions_relief", carried=False)
    v2 = (0.1, 0.6, 0.2, 0.1)
    pairs = [Pair(candidate, first, second, v2) for (first, second), _ in CLEAR]
    own = CrossEncoder(model, calibration).probabilities([(p.first, p.second) for p in pairs])
    for weight in (1.0, 0.5, 0.0):
        encoder = CrossEncoder(model, dataclasses.replace(calibration, blend=weight))
        mixed = encoder.blended(pairs)
        np.testing.assert_allclose(mixed.sum(axis=1), 1.0, atol=1e-9)
        np.testing.assert_allclose(mixed, weight * own + (1 - weight) * np.array(v2), atol=1e-9)
    assert Pair(candidate, "a", "b", v2).prior == pytest.approx(0.9)


# Errors of the shipped model on CLEAR, kept as strict xfails so that a model that gets them
# right (or gets another one wrong) fails the run and this list is revisited.
KNOWN_ERRORS = {
    0: "stance.v3 of 2026-12-04 reads a demand stated as a precondition ('lifted before it "
    "signs anything') as conditional; the guide (section 4) makes it for",
}


def _clear_params() -> list[object]:
    params = []
    for index, (pair, stance) in enumerate(CLEAR):
        reason = KNOWN_ERRORS.get(index)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(pair, stance, id=f"{stance}-{index}", marks=marks))
    return params


@pytest.mark.parametrize(("pair", "stance"), _clear_params())
def test_clear_sentences_get_their_stance(pair: tuple[str, str], stance: str) -> None:
    probabilities = shipped_cross_encoder().probabilities([pair])[0]
    assert CLASSES[int(np.argmax(probabilities))] == stance, dict(
        zip(CLASSES, probabilities, strict=True)
    )


def test_a_sentence_off_the_issue_holds_no_stance_on_it() -> None:
    pair = _pair(
        "iran",
        "Iran",
        "missile_limits",
        "Iran's foreign minister landed in Oslo on Sunday for a conference on water.",
    )
    probabilities = shipped_cross_encoder().probabilities([pair])[0]
    assert CLASSES[int(np.argmax(probabilities))] == "none", dict(
        zip(CLASSES, probabilities, strict=True)
    )


def _train_article() -> Path:
    splits_file = CORPUS / "splits.json"
    if not splits_file.is_file():
        pytest.skip("training/extraction/splits.json is not there")
    splits = json.loads(splits_file.read_text())
    for path in sorted((CORPUS / "articles" / "iran_nuclear_2025").glob("*.md")):
        if splits.get(path.stem) == "train":
            return path
    pytest.skip("no train article of iran_nuclear_2025")


def test_extract_with_stance_v3_records_it_on_every_claim(tmp_path: Path) -> None:
    article = _train_article()
    result = runner.invoke(
        app,
        [
            "extract",
            str(article),
            "--scenario",
            str(IRAN),
            "--stance",
            STANCE_V3,
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    assert rows, "stance.v3 finds no claim in a train article"
    threshold = Calibration.load(shipped_paths()[1]).threshold
    text = article.read_text(encoding="utf-8")
    for row in rows:
        assert row["extractor"] == STANCE_V3
        assert threshold <= row["confidence"] <= 1.0
        assert row["stance"] in CLASSES[1:]
        assert row["sentence"].strip() and row["sentence"] in text


class _Collector:
    """A stance step that keeps the pairs ``candidate_pairs`` gives at one lower bound."""

    def __init__(self, min_prior: float) -> None:
        self.min_prior = min_prior
        self.pairs: list[Pair] = []

    def claims(
        self, records: list[SentenceRecord], pipeline: Context, doc_text: dict[str, str]
    ) -> list[Claim]:
        self.pairs += candidate_pairs(records, pipeline, shipped_pruner(), self.min_prior)
        return []


def _pairs_at(min_prior: float, article: Path) -> list[Pair]:
    collector = _Collector(min_prior)
    text = article.read_text(encoding="utf-8")
    document = Document(id=article.stem, text=text, sha256=sha256_text(text))
    Pipeline(
        load_scenario(IRAN), stance=lambda context: ClaimsStep(context, STANCE_V3, collector)
    ).run([document])
    return collector.pairs


def test_the_step_builds_only_the_pairs_it_reads_and_the_same_ones() -> None:
    article = _train_article()
    every = _pairs_at(0.0, article)
    bound = Calibration.load(shipped_paths()[1]).prune
    read = _pairs_at(bound, article)
    assert read == [p for p in every if p.prior >= bound]
    assert 0 < len(read) < len(every) / 4, (len(read), len(every))
