"""Discourse, clause and stance refinements (stance.v1 + discourse.v1 + clauses.v1), each on
sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from detente.corpus.ingest import sha256_text
from detente.domain import Document
from detente.nlp.clauses import split_clauses
from detente.nlp.discourse import segments
from detente.nlp.pipeline import Pipeline, load_spacy
from detente.nlp.sentences import split_sentences


def _claims(pipeline: Pipeline, text: str) -> set[tuple[str, str, str]]:
    doc = Document(id="d.txt", text=text, sha256=sha256_text(text), date=dt.date(2025, 3, 26))
    return {(c.actor, c.issue, c.stance) for c in pipeline.run([doc]).claims}


def test_segments_tell_headings_questions_and_paragraphs_apart() -> None:
    text = (
        "Where the talks stand\n\nMoscow wants a deal. Kyiv agrees.\n\n"
        "Will Washington sign it?\n\nA long closing line without a full stop that is clearly "
        "a sentence of the body rather than any heading"
    )
    roles = [(s.role, s.paragraph) for s in segments(text, split_sentences(text))]
    assert roles == [
        ("heading", 0),
        ("body", 1),
        ("body", 1),
        ("question", 2),
        ("body", 3),
    ]


def test_headings_and_questions_state_no_position(pipeline: Pipeline) -> None:
    assert _claims(pipeline, "Does Moscow want Ukraine to join NATO?") == set()
    assert _claims(pipeline, "What Kyiv wants from NATO\n\nThe talks resumed on Monday.") == set()


def test_heading_gives_its_issue_to_a_stance_that_names_none(pipeline: Pipeline) -> None:
    text = "Foreign peacekeeping troops in Ukraine\n\nThe Kremlin flatly rejected the idea."
    assert ("russia", "peacekeepers", "against") in _claims(pipeline, text)


def test_coordinated_clauses_are_split_into_separate_contents() -> None:
    nlp = load_spacy()
    doc = nlp("He wants them to abandon the bid and to hold a vote.")
    wants = next(t for t in doc if t.lower_ == "wants")
    complement = [t for t in wants.subtree if t.i > wants.i and not t.is_punct]
    clauses = [" ".join(t.text for t in c) for c in split_clauses(complement)]
    assert len(clauses) == 2
    assert "abandon" in clauses[0] and "vote" not in clauses[0]
    assert "vote" in clauses[1] and "abandon" not in clauses[1]


def test_one_cue_with_two_clauses_gives_two_issues(pipeline: Pipeline) -> None:
    claims = _claims(
        pipeline,
        "Moscow wants Ukraine to abandon its NATO membership bid and to hold an early "
        "presidential election.",
    )
    assert {("russia", "nato", "against"), ("russia", "elections", "for")} <= claims


def test_noun_cue_held_by_the_subject_of_a_light_verb(pipeline: Pipeline) -> None:
    claims = _claims(pipeline, "Zelensky expressed his willingness to sign the minerals deal.")
    assert ("ukraine", "minerals", "for") in claims


def test_accusing_of_an_act_is_no_stance_but_of_a_push_is(pipeline: Pipeline) -> None:
    assert not _claims(pipeline, "Moscow and Kyiv accused each other of shelling power plants.")
    claims = _claims(pipeline, "Moscow accused Washington of pushing NATO membership for Kyiv.")
    assert ("russia", "nato", "against") in claims


def test_ending_a_cue_flips_it(pipeline: Pipeline) -> None:
    claims = _claims(pipeline, "Moscow has stopped objecting to Ukraine joining NATO.")
    assert ("russia", "nato", "for") in claims


def test_turning_down_is_a_rejection(pipeline: Pipeline) -> None:
    claims = _claims(pipeline, "Putin turned down a European peacekeeping force in Ukraine.")
    assert ("russia", "peacekeepers", "against") in claims


def test_a_participle_speaks_for_the_subject_of_its_clause(pipeline: Pipeline) -> None:
    claims = _claims(
        pipeline,
        "Zelensky spoke on Friday, saying that a lasting peace would require a European "
        "peacekeeping force in Ukraine.",
    )
    assert ("ukraine", "peacekeepers", "for") in claims


def test_a_truce_limited_to_a_sector_is_not_a_reversal(pipeline: Pipeline) -> None:
    claims = _claims(
        pipeline, "Putin was willing to accept a moratorium limited to strikes on energy plants."
    )
    assert ("russia", "energy_truce", "for") in claims
