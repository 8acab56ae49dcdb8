"""Events from dated sentences written for these tests: kinds, relative dates against the
article's date, participants per clause, lead sentences, planned events and merging."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import resources

from ruamel.yaml import YAML

from detente.corpus.events import Event, events
from detente.domain.corpus import Document, Fact
from detente.nlp.facts import find_facts
from detente.nlp.sentences import split_sentences

MONDAY = dt.date(2025, 3, 24)
NAMES = {
    "Washington": "us",
    "US": "us",
    "Trump": "us",
    "Moscow": "russia",
    "Russian": "russia",
    "Putin": "russia",
    "Kyiv": "ukraine",
    "Ukrainian": "ukraine",
    "Zelensky": "ukraine",
}


def _document(doc_id: str, text: str, date: dt.date | None = MONDAY) -> Document:
    return Document(
        id=doc_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), date=date
    )


def _facts(document: Document) -> list[Fact]:
    """The date facts of each sentence, as the fact step reads them."""
    found = []
    for start, end in split_sentences(document.text):
        for hit in find_facts(document.text[start:end], document.date):
            found.append(
                Fact(
                    doc=document.id,
                    start=start + hit.start,
                    end=start + hit.end,
                    kind=hit.kind,  # type: ignore[arg-type]
                    value=hit.value,
                    text=document.text[start + hit.start : start + hit.end],
                    resolved=hit.resolved,
                )
            )
    return found


def _events(*documents: Document) -> list[Event]:
    facts = [f for d in documents for f in _facts(d)]
    spans = {d.id: split_sentences(d.text) for d in documents}
    return events(facts, {d.id: d for d in documents}, spans, NAMES)


def test_each_date_of_a_sentence_is_its_own_event_with_the_parties_of_its_clause() -> None:
    doc = _document(
        "a",
        "Background first, so that no lead sentence is involved in this test at all, none. "
        "US envoys met the Ukrainian delegation in Riyadh on Sunday and the Russian "
        "delegation on Monday.",
    )
    found = _events(doc)
    assert [(e.date, e.kind, e.participants) for e in found] == [
        ("2025-03-23", "talks", ("ukraine", "us")),
        ("2025-03-24", "talks", ("russia",)),
    ]
    assert found[0].citations[0].dated_by == "on Sunday"
    assert not any(e.planned for e in found)


def test_the_cue_nearest_the_date_gives_the_kind_and_speech_dates_no_event() -> None:
    doc = _document(
        "a",
        "A quiet week began with no news that anybody would call remarkable in any way. "
        "Kyiv had proposed a swap in February, and Moscow agreed to a prisoner exchange last week. "
        "Trump said on Friday that a minerals deal would be signed soon.",
    )
    found = _events(doc)
    assert [(e.date, e.kind) for e in found] == [("2025-02", "proposal"), ("2025-W12", "agreement")]


def test_a_lead_sentence_without_a_date_takes_the_articles_date() -> None:
    doc = _document(
        "a",
        "Russian and US negotiators are holding talks in Riyadh about shipping in the Black Sea.\n"
        "Far below, a sentence that holds talks but no date is not an event of any day.",
    )
    (event,) = _events(doc)
    assert (event.date, event.kind, event.participants) == ("2025-03-24", "talks", ("russia", "us"))
    assert event.citations[0].dated_by is None
    undated = _document("b", doc.text, date=None)
    assert _events(undated) == []


def test_an_event_after_the_articles_date_is_planned() -> None:
    doc = _document(
        "a",
        "The weather in the capital was grey and the offices were as busy as usual today. "
        "Putin and Trump will meet on the 28th, and Zelensky will visit Washington next month.",
    )
    found = _events(doc)
    assert [(e.date, e.kind, e.planned) for e in found] == [
        ("2025-03-28", "talks", True),
        ("2025-04", "talks", True),
    ]


def test_the_same_event_in_two_articles_is_one_event_with_both_citations() -> None:
    lead = "Nothing in this opening line counts as an event for the timeline being tested. "
    first = _document("a", lead + "Putin and Trump spoke by phone on Tuesday.")
    second = _document(
        "b",
        lead + "In a phone call on 18 March, Trump and Putin discussed the truce.",
        date=dt.date(2025, 3, 20),
    )
    other = _document("c", lead + "Zelensky spoke by phone with a donor on 18 March.")
    found = _events(first, second, other)
    calls = [e for e in found if e.kind == "call"]
    assert [(e.date, e.participants, [c.doc for c in e.citations]) for e in calls] == [
        ("2025-03-18", ("russia", "us"), ["a", "b"]),
        ("2025-03-18", ("ukraine",), ["c"]),  # no party in common: another call
    ]


def test_the_speech_rule_reads_its_own_example() -> None:
    text = resources.files("detente.corpus").joinpath("data", "event_cues.yaml")
    example = YAML(typ="safe").load(text.read_text(encoding="utf-8"))["speech"]["example"]
    doc = _document(
        "a", "An opening sentence long enough to be the lead of the article here. " + example
    )
    assert _events(doc) == []


def test_a_lead_sentence_that_hedges_before_its_cue_is_no_event() -> None:
    text = resources.files("detente.corpus").joinpath("data", "event_cues.yaml")
    example = YAML(typ="safe").load(text.read_text(encoding="utf-8"))["lead"]["example"]
    assert _events(_document("a", example)) == []
    reported = (
        "Russian and US negotiators are holding talks, though no one knows if they will last."
    )
    assert [e.kind for e in _events(_document("b", reported))] == ["talks"]
