"""Issues outside the catalogue (nlp/draft_novel.py): position sentences no drafted issue holds,
clustered with the real MiniLM embedder, named from their shared words, guarded against junk.

The sentences are written for these tests: a made-up port labour dispute, whose automation
question no catalogue entry knows.
"""

from __future__ import annotations

from conftest import draft_claim
from detente.domain import Claim, Document
from detente.io.scenario_yaml import parse_yaml_text, validate_document
from detente.nlp.draft import draft_scenario
from detente.nlp.draft_novel import ORIGIN, NovelIssue, novel_issues
from detente.nlp.draft_review import NOVEL_MARKER, draft_yaml, review_items
from detente.nlp.embed import default_embedder

CRANES = [
    ("china", "for", "Beijing demanded a ban on automated cranes at every container terminal."),
    ("us", "against", "Washington rejected a ban on automated cranes at the container terminals."),
    ("china", "for", "Chinese officials insisted that automated cranes be kept out of the docks."),
    ("us", "against", "US negotiators said automated cranes at the terminals must stay legal."),
]
PRISONERS = [
    ("us", "The United States backs a prisoner exchange before the next round."),
    ("us", "Washington wants a prisoner exchange of all detained sailors."),
    ("china", "China supports a prisoner exchange as a first step."),
    ("china", "Beijing proposed a prisoner exchange on neutral ground."),
]
UNRELATED = [
    ("us", "for", "Washington wants the summit moved to a later date in the spring."),
    ("china", "against", "Beijing refused to comment on the weather during the visit."),
]


def _claims(rows: list[tuple[str, str, str]], issue: str = "general_ceasefire") -> list[Claim]:
    return [
        draft_claim(actor, issue, stance, sentence, doc=f"d{n}.txt")
        for n, (actor, stance, sentence) in enumerate(rows)
    ]


def _novel(claims: list[Claim], drafted: dict[str, list[str]] | None = None) -> list[NovelIssue]:
    return novel_issues(claims, drafted or {}, default_embedder().encode, frozenset(), set())


def test_sentences_on_one_question_become_one_named_issue() -> None:
    found = _novel(_claims(CRANES + UNRELATED))
    assert len(found) == 1
    novel = found[0]
    assert novel.issue.name.startswith("Automated cranes")  # the words all four share, first
    assert "automated cranes" in novel.issue.proposition.lower()
    assert novel.issue.proposition.endswith(".") and len(novel.issue.proposition.split()) >= 3
    assert set(novel.issue.anchors) == {0.0, 50.0, 100.0}
    assert ORIGIN in (novel.issue.description or "")
    assert novel.parties == ("china", "us") and novel.sentences == 4
    assert {c.issue for c in novel.claims} == {novel.issue.id}
    assert {(c.actor, c.stance) for c in novel.claims} == {("china", "for"), ("us", "against")}
    assert _novel(_claims(CRANES + UNRELATED)) == found  # no randomness: the same every time


def test_junk_guards_minimum_sentences_parties_and_a_drafted_twin() -> None:
    assert _novel(_claims(CRANES[:2] + UNRELATED)) == []  # two sentences are too few
    one_party = [("china", stance, sentence) for _a, stance, sentence in CRANES]
    assert _novel(_claims(one_party)) == []  # one party alone is no question between parties
    twin = {"port_automation": [sentence for _a, _s, sentence in CRANES]}
    assert _novel(_claims(CRANES), twin) == []  # restates an issue already drafted


def test_a_draft_keeps_catalogue_issues_first_and_flags_the_new_one() -> None:
    texts = {f"d{n}.txt": s for n, (_a, _s, s) in enumerate(CRANES)}
    texts |= {f"p{n}.txt": s for n, (_a, s) in enumerate(PRISONERS)}
    documents = [
        Document(id=doc, text=text, sha256=f"{n:064d}")
        for n, (doc, text) in enumerate(texts.items())
    ]
    catalogue = [
        draft_claim(actor, "prisoner_exchange", "for", sentence, doc=f"p{n}.txt")
        for n, (actor, sentence) in enumerate(PRISONERS)
    ]
    draft = draft_scenario(catalogue + _claims(CRANES), documents, embed=default_embedder().encode)
    origins = [d.origin for d in draft.issues]
    assert origins == ["prisoner_exchange", ORIGIN]
    novel = draft.issues[1].issue.id
    assert {
        p.position.actor: p.position.position for p in draft.positions if p.position.issue == novel
    } == {
        "china": 100.0,
        "us": 0.0,
    }
    assert not any(c.doc.startswith("d") for c in draft.unplaced)  # no longer listed as unplaced
    review = review_items(draft)
    item = next(i for i in review if i.subject == novel)
    assert "not in the catalogue" in item.text
    text = draft_yaml(draft, review)
    validate_document(parse_yaml_text(text, "draft"), "draft")
    assert NOVEL_MARKER in text
    without = draft_scenario(catalogue + _claims(CRANES), documents)
    assert [d.origin for d in without.issues] == ["prisoner_exchange"]
    assert len(without.unplaced) == 4


def test_no_room_left_means_no_new_issue() -> None:
    """The places MAX_ISSUES leaves after the catalogue's issues: none left, none drafted."""
    claims = _claims(CRANES)
    assert novel_issues(claims, {}, default_embedder().encode, frozenset(), set(), 0) == []
