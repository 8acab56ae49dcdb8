"""Extraction steps by id: the recipe of docs/architecture.md (one class, one registration)
demonstrated with toy steps that run inside the real pipeline on a small text."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.corpus.ingest import sha256_text
from detente.domain import Claim, Document, Scenario
from detente.errors import DetenteError
from detente.nlp.actors import RULER_NAME
from detente.nlp.context import Context
from detente.nlp.pipeline import Pipeline
from detente.nlp.records import SentenceRecord
from detente.nlp.stance_model import STANCE_V1, STANCE_V2
from detente.nlp.step import Chunk, Run, Step
from detente.nlp.step_registry import (
    DEFAULT_STANCE,
    DISCOVERY_STEPS,
    STEPS,
    default_steps,
    stance_steps,
)
from detente.nlp.steps import ClaimsStep

TEXT = (
    "Moscow rejected a ceasefire on energy strikes.\n\n"
    "Kyiv wants Ukraine to join NATO as soon as possible."
)


class MarkWord(Step):
    """A toy step: claims read from a sentence with a given word take that word as their cue."""

    id = "mark-word.v1"
    scope = "corpus"
    word = "ceasefire"

    def __call__(self, run: Run, chunk: Chunk) -> None:
        run.claims = [
            claim.model_copy(update={"cue": self.word})
            if self.word in claim.sentence.lower()
            else claim
            for claim in run.claims
        ]


class EveryPartyFor:
    """A toy stance model: every party a sentence names is for its sentence's issues."""

    def claims(
        self, records: list[SentenceRecord], context: Context, doc_text: dict[str, str]
    ) -> list[Claim]:
        assert context.index is not None
        claims = []
        for record in records:
            parties = sorted({m.actor for m in record.mentions if m.actor})
            for hit in context.index.assign(record.text, None):
                claims += [
                    Claim(
                        doc=record.doc,
                        start=record.start,
                        end=record.end,
                        sentence=record.text,
                        actor=actor,
                        issue=hit.issue,
                        stance="for",
                        confidence=0.5,
                        cue="toy",
                        extractor="stance.toy",
                    )
                    for actor in parties
                ]
        return claims


def every_party_for(context: Context) -> Step:
    return ClaimsStep(context, "stance.toy", EveryPartyFor())


def _doc(text: str = TEXT) -> Document:
    return Document(id="t.txt", text=text, sha256=sha256_text(text), date=dt.date(2025, 3, 26))


def test_a_registered_step_runs_in_the_pipeline_and_marks_the_claims_it_changes(
    monkeypatch: pytest.MonkeyPatch, scenario: Scenario
) -> None:
    monkeypatch.setitem(STEPS, MarkWord.id, MarkWord)  # the one registration
    steps = default_steps(True, STANCE_V1)
    steps.insert(steps.index(STANCE_V1) + 1, MarkWord.id)
    result = Pipeline(scenario, use_embeddings=False, steps=steps).run([_doc()])
    assert result.steps == tuple(steps)
    marked = [c for c in result.claims if "ceasefire" in c.sentence]
    others = [c for c in result.claims if "ceasefire" not in c.sentence]
    assert {(c.actor, c.issue, c.stance) for c in marked} == {("russia", "energy_truce", "against")}
    assert {(c.actor, c.issue, c.stance) for c in others} >= {("ukraine", "nato", "for")}
    made = ("segment.v1", "parse.v1", "actors.v1", "cues.v1", "issues.v1", STANCE_V1)
    for claim in marked:
        assert claim.cue == "ceasefire" and claim.steps == (*made, MarkWord.id)
    for claim in others:
        assert claim.cue != "ceasefire" and claim.steps == made


def test_a_registered_stance_step_is_a_stance_choice(
    monkeypatch: pytest.MonkeyPatch, scenario: Scenario
) -> None:
    monkeypatch.setitem(STEPS, "stance.toy", every_party_for)
    assert "stance.toy" in stance_steps()
    result = Pipeline(scenario, use_embeddings=False, stance="stance.toy").run([_doc()])
    pairs = {(c.actor, c.issue) for c in result.claims}
    # The toy reads no stance: the parties named with each issue, Ukraine twice over NATO.
    assert ("russia", "energy_truce") in pairs and ("ukraine", "nato") in pairs
    assert {c.steps[-1] for c in result.claims} == {"stance.toy"}
    assert {c.extractor for c in result.claims} == {"stance.toy"}


def test_unknown_step_ids_are_coded_errors_naming_the_known_ones(scenario: Scenario) -> None:
    with pytest.raises(DetenteError) as stance:
        Pipeline(scenario, use_embeddings=False, stance="stance.v9")
    assert stance.value.code == "DT405" and STANCE_V2 in (stance.value.hint or "")
    with pytest.raises(DetenteError) as other:
        Pipeline(scenario, use_embeddings=False, steps=["segment.v1", "tokens.v7"])
    assert other.value.code == "DT405" and "parse.v1" in (other.value.hint or "")


def test_without_a_scenario_the_default_steps_discover_the_issues() -> None:
    assert default_steps(False, "stance.v9") == list(DISCOVERY_STEPS)  # no stance to choose
    assert default_steps(True)[5] == DEFAULT_STANCE == "stance.v3"


def test_without_embeddings_the_learned_step_leaves_the_claims_to_the_rules(
    scenario: Scenario,
) -> None:
    pipeline = Pipeline(scenario, use_embeddings=False)
    assert pipeline.step_ids[5] == STANCE_V1
    claims = pipeline.run([_doc()]).claims
    assert claims and {c.extractor for c in claims} == {STANCE_V1}


def test_two_pipelines_over_one_spacy_model_keep_their_own_party_names(
    scenario: Scenario,
) -> None:
    first = Pipeline(scenario, use_embeddings=False)
    without_us = scenario.model_copy(
        update={"actors": tuple(a for a in scenario.actors if a.id != "us")}
    )
    second = Pipeline(without_us, use_embeddings=False)
    assert first.context.nlp is second.context.nlp
    assert RULER_NAME not in first.context.nlp.pipe_names  # the shared model is untouched
    text = "Scott Bessent met Putin."
    # Made after the first, the second pipeline leaves the first one's names alone.
    assert {e.text for e in first.context.parse(text).ents} == {"Scott Bessent", "Putin"}
    assert {e.text for e in second.context.parse(text).ents} == {"Putin"}
