"""Search queries as readers type them: hyphens, spelling variants, FTS5 syntax, highlights."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from detente.corpus.query import build_query, highlight, spelling_groups
from detente.corpus.store import fts_match
from detente.errors import DetenteError
from detente.io import load_scenario

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
SENTENCES = [
    "Talks on a cease-fire resumed.",
    "A ceasefire was agreed in principle.",
    "Kyiv said it would consider it.",
    "Officials in Kiev were cautious.",
    "The U.S. envoy flew in.",
    "A 30-day pause was announced.",
]


@pytest.fixture(scope="module")
def groups() -> list[list[str]]:
    scenario = load_scenario(FLAGSHIP)
    return spelling_groups([[a.name, *a.aliases] for a in scenario.actors])


def _search(query: str, groups: list[list[str]]) -> list[str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    db.executemany("INSERT INTO t VALUES (?)", [(s,) for s in SENTENCES])
    rows = fts_match(
        db,
        "SELECT text FROM t WHERE t MATCH ? ORDER BY rowid LIMIT ?",
        build_query(query, groups).fts,
        9,
    )
    return [r[0] for r in rows]


def test_the_flagships_spelling_groups(groups: list[list[str]]) -> None:
    assert ["Kyiv", "Kiev"] in groups and ["Luhansk", "Lugansk"] in groups
    assert ["Zelensky", "Zelenskyy"] in groups and ["John Coale", "John Cole"] in groups
    # Two people who share a first name are not one name spelled twice.
    assert not any("Vladimir Putin" in g for g in groups)
    assert not any("Moscow" in g for g in groups)


def test_hyphens_and_dots_are_phrases_and_both_spellings_of_a_closed_word(
    groups: list[list[str]],
) -> None:
    assert _search("cease-fire", groups) == SENTENCES[:2]
    assert _search("U.S.", groups) == [SENTENCES[4]]
    assert _search("30-day", groups) == [SENTENCES[5]]
    assert _search("Kiev", groups) == _search("Kyiv", groups) == SENTENCES[2:4]
    assert _search("Kiev", []) == [SENTENCES[3]]
    assert _search('"in principle" OR cautious', groups) == [SENTENCES[1], SENTENCES[3]]
    assert _search("cease* NOT agreed", groups) == [SENTENCES[0]]


@pytest.mark.parametrize("query", ['"', "AND (", "harbour NOT", "*", "NEAR(a b"])
def test_malformed_fts5_stays_a_coded_error(query: str) -> None:
    with pytest.raises(DetenteError) as caught:
        _search(query, [])
    assert caught.value.code == "DT311"


def test_highlight_marks_the_terms_and_keeps_every_character(groups: list[list[str]]) -> None:
    text = "In Kyiv the Cease-fire, a ceasefire, and a cease fire; not Kievan."
    pieces = highlight(text, build_query("cease-fire Kiev NOT Moscow", groups).terms)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, hit in pieces if hit] == ["Kyiv", "Cease-fire", "ceasefire", "cease fire"]
    assert highlight(text, build_query("cease*", []).terms)[1] == ("Cease", True)
