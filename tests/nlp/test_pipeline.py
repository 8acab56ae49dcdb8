"""Each extraction step on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from detente.corpus.ingest import sha256_text
from detente.domain import Document
from detente.nlp.facts import find_facts, guess_article_date
from detente.nlp.gazetteer import build_phrases
from detente.nlp.pipeline import Pipeline
from detente.nlp.sentences import split_sentences


def _doc(text: str, doc_id: str = "t.txt", date: dt.date | None = dt.date(2025, 3, 26)) -> Document:
    return Document(id=doc_id, text=text, sha256=sha256_text(text), date=date)


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "Heading line\n\nThe U.S. envoy met Mr. Smith. George W. Bush backed it! Next one?  Yes."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Heading line",
        "The U.S. envoy met Mr. Smith.",
        "George W. Bush backed it!",
        "Next one?",
        "Yes.",
    ]


def test_facts_are_normalised_against_the_article_date() -> None:
    text = (
        "The sides agreed a 30-day pause last week and swapped prisoners 175 for 175; "
        "the fund may reach $500 billion, 20% of output, on March 21."
    )
    facts = {
        (text[f.start : f.end], f.kind, f.value) for f in find_facts(text, dt.date(2025, 3, 26))
    }
    assert {
        ("30-day", "duration", "P30D"),
        ("last week", "date", "2025-W12"),
        ("175 for 175", "count", "175"),
        ("$500 billion", "money", "500000000000"),
        ("20%", "percent", "20"),
        ("March 21", "date", "2025-03-21"),
    } <= facts


def test_relative_dates_stay_unresolved_without_an_article_date() -> None:
    (fact,) = find_facts("Talks resumed yesterday.", None)
    assert (fact.value, fact.resolved) == ("unresolved:yesterday", False)
    assert guess_article_date("Wire\n\nMar 24, 2025 13:09\n\nText") == dt.date(2025, 3, 24)


def test_gazetteer_links_seats_of_power_to_scenario_actors(scenario) -> None:
    table = {p.text: p.actor for p in build_phrases(scenario)}
    assert table["Kremlin"] == "russia" and table["White House"] == "us"
    assert table["Kiev"] == "ukraine" and table["Brussels"] == "europe"
    assert "Beijing" not in table  # China is no party of this scenario


def _claims(pipeline: Pipeline, text: str):
    return {(c.actor, c.issue, c.stance) for c in pipeline.run([_doc(text)]).claims}


def test_rejection_by_an_institution_is_against(pipeline: Pipeline) -> None:
    claims = _claims(
        pipeline, "The Kremlin rejected any deployment of European peacekeepers in Ukraine."
    )
    assert ("russia", "peacekeepers", "against") in claims


def test_joint_subject_gives_each_party_a_claim(pipeline: Pipeline) -> None:
    claims = _claims(pipeline, "Trump and Putin agreed to halt strikes on energy infrastructure.")
    assert {("us", "energy_truce", "for"), ("russia", "energy_truce", "for")} <= claims


def test_reported_speech_and_reversing_complement(pipeline: Pipeline) -> None:
    claims = _claims(
        pipeline, "Putin has said he wants Ukraine to renounce NATO membership for good."
    )
    assert ("russia", "nato", "against") in claims


def test_negation_flips_the_stance(pipeline: Pipeline) -> None:
    claims = _claims(pipeline, "Moscow will not allow Ukraine to join NATO.")
    assert ("russia", "nato", "against") in claims


def test_condition_makes_support_conditional(pipeline: Pipeline) -> None:
    claims = _claims(
        pipeline, "Kyiv is ready to hold a presidential election only after martial law is lifted."
    )
    assert ("ukraine", "elections", "conditional") in claims


def test_commentators_are_not_parties(pipeline: Pipeline) -> None:
    text = (
        "John Smith, a senior fellow at a Washington think tank, said he wants a European "
        "peacekeeping force in Ukraine."
    )
    assert not {c for c in _claims(pipeline, text) if c[1] == "peacekeepers"}


def test_spelling_variant_of_an_official_is_matched_and_reported(pipeline: Pipeline) -> None:
    first = _doc(
        "US Treasury Secretary Scott Bessant said Washington wants the minerals deal signed.",
        "a.txt",
    )
    second = _doc("Scott Bessent said the rare earth minerals deal would be signed soon.", "b.txt")
    result = pipeline.run([first, second])
    variants = [m for m in result.mentions if m[5] == "variant"]
    assert [(m[3], m[4], m[6]) for m in variants] == [("Scott Bessant", "us", "Scott Bessent")]
    spelling = [c for c in result.conflicts if c.kind == "spelling"]
    assert spelling and {s.value for s in spelling[0].sides} == {"Bessant", "Bessent"}
