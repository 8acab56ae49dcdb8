"""The development gold set (tests/fixtures/gold) and the demo briefs it annotates.

Gold lines hold offsets only. Seed offsets are checked against ``../shared/seeds`` when it is
present; brief offsets against the text the ingester stores for each brief.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from detente.corpus.ingest import read_file
from detente.domain import Scenario
from detente.domain.corpus import Document
from detente.io.scenario_yaml import load_yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO_ROOT / "tests" / "fixtures" / "gold"
BRIEFS_DIR = REPO_ROOT / "examples" / "ukraine-2025" / "briefs"
HELDOUT_DIR = REPO_ROOT / "examples" / "ukraine-2025" / "heldout"

CLAIM_KEYS = ["doc", "start", "end", "actor", "issue", "stance"]
FACT_KEYS = ["doc", "start", "end", "kind", "value"]
STANCES = {"for", "against", "conditional"}
NUMERIC_KINDS = {"number", "money", "percent", "count"}
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
ISO_DURATION = re.compile(r"^P(?:\d+(?:\.\d+)?[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?$")
# Characters that may close a sentence, and that may precede the first one of the next.
SENTENCE_END = set('.!?"”’)')
BEFORE_SENTENCE = SENTENCE_END | {"\n", " ", "\t"}


def read_gold(name: str) -> list[dict[str, Any]]:
    path = GOLD_DIR / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def flagship(flagship_path: Path) -> Scenario:
    return load_yaml(flagship_path)


@pytest.fixture(scope="module")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    return {
        path.name: unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        for path in sorted(seeds_dir.glob("*.txt"))
    }


def read_documents(directory: Path) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for path in sorted(directory.glob("*.md")):
        result = read_file(path)
        assert not result.errors, result.errors
        (document,) = result.documents
        documents[document.id] = document
    return documents


@pytest.fixture(scope="module")
def briefs() -> dict[str, Document]:
    return read_documents(BRIEFS_DIR)


def check_claim_line(row: dict[str, Any], scenario: Scenario) -> None:
    assert list(row) == CLAIM_KEYS, f"claim keys {list(row)}"
    assert isinstance(row["start"], int) and isinstance(row["end"], int)
    assert 0 <= row["start"] < row["end"], row
    assert row["actor"] in {a.id for a in scenario.actors}, row
    assert row["issue"] in {i.id for i in scenario.issues}, row
    assert row["stance"] in STANCES, row


def check_sentence_span(text: str, start: int, end: int, where: str) -> None:
    assert end <= len(text), f"{where}: span ends past the document ({len(text)} chars)"
    span = text[start:end]
    assert span == span.strip() and "\n" not in span, f"{where}: not one trimmed sentence"
    assert start == 0 or text[start - 1] in BEFORE_SENTENCE, f"{where}: starts mid-sentence"
    closes = text[end - 1] in SENTENCE_END
    ends_paragraph = end == len(text) or text[end] == "\n"
    assert closes or ends_paragraph, f"{where}: ends mid-sentence"


@pytest.mark.parametrize(
    "name", ["seeds.claims.jsonl", "briefs.claims.jsonl", "heldout.claims.jsonl"]
)
def test_claim_lines_are_offsets_with_scenario_ids(name: str, flagship: Scenario) -> None:
    rows = read_gold(name)
    assert len(rows) >= 100
    for row in rows:
        check_claim_line(row, flagship)
    keys = [tuple(row.values()) for row in rows]
    assert len(keys) == len(set(keys)), f"{name} repeats a line"


def test_seed_claims_cover_every_party_and_most_issues(flagship: Scenario) -> None:
    rows = read_gold("seeds.claims.jsonl")
    assert {row["actor"] for row in rows} == {a.id for a in flagship.actors}
    assert {row["issue"] for row in rows} == {i.id for i in flagship.issues}
    assert {row["stance"] for row in rows} == STANCES


@pytest.mark.parametrize("name", ["seeds.facts.jsonl", "heldout.facts.jsonl"])
def test_fact_lines_are_offsets_with_normalised_values(name: str) -> None:
    rows = read_gold(name)
    assert len(rows) >= 50
    for row in rows:
        assert list(row) == FACT_KEYS, f"fact keys {list(row)}"
        assert 0 <= row["start"] < row["end"], row
        value = row["value"]
        if row["kind"] in NUMERIC_KINDS:
            assert isinstance(value, int | float) and not isinstance(value, bool), row
        elif row["kind"] == "date":
            assert isinstance(value, str) and ISO_DATE.match(value), row
        else:
            assert row["kind"] == "duration", row
            assert isinstance(value, str) and ISO_DURATION.match(value) and value != "P", row


def test_seed_gold_refers_to_seed_files_by_name(flagship: Scenario) -> None:
    sources = {source.id for source in flagship.sources}
    for name in ("seeds.claims.jsonl", "seeds.facts.jsonl"):
        assert {row["doc"] for row in read_gold(name)} == sources


def test_seed_claims_are_sentences_of_the_seeds(seed_texts: dict[str, str]) -> None:
    for number, row in enumerate(read_gold("seeds.claims.jsonl"), start=1):
        check_sentence_span(
            seed_texts[row["doc"]], row["start"], row["end"], f"seeds.claims.jsonl:{number}"
        )


def test_seed_facts_are_whole_words_of_the_seeds(seed_texts: dict[str, str]) -> None:
    for number, row in enumerate(read_gold("seeds.facts.jsonl"), start=1):
        text, start, end = seed_texts[row["doc"]], row["start"], row["end"]
        where = f"seeds.facts.jsonl:{number}"
        assert end <= len(text), f"{where}: past the end"
        span = text[start:end]
        assert span == span.strip(), f"{where}: untrimmed"
        assert start == 0 or not text[start - 1].isalnum(), f"{where}: starts inside a word"
        assert end == len(text) or not text[end].isalnum(), f"{where}: ends inside a word"
        if row["kind"] in NUMERIC_KINDS - {"number"}:
            assert re.search(r"\d|\b(?:one|two|three|four|five)\b", span), f"{where}: {span!r}"


def test_brief_claims_are_sentences_of_the_briefs(briefs: dict[str, Document]) -> None:
    rows = read_gold("briefs.claims.jsonl")
    assert {row["doc"] for row in rows} == set(briefs)
    for number, row in enumerate(rows, start=1):
        text = briefs[row["doc"]].text
        check_sentence_span(text, row["start"], row["end"], f"briefs.claims.jsonl:{number}")


def test_heldout_gold_is_sentences_and_words_of_the_heldout_briefs() -> None:
    documents = read_documents(HELDOUT_DIR)
    claims, facts = read_gold("heldout.claims.jsonl"), read_gold("heldout.facts.jsonl")
    assert {row["doc"] for row in claims} == {row["doc"] for row in facts} == set(documents)
    for number, row in enumerate(claims, start=1):
        text = documents[row["doc"]].text
        check_sentence_span(text, row["start"], row["end"], f"heldout.claims.jsonl:{number}")
    for number, row in enumerate(facts, start=1):
        text, start, end = documents[row["doc"]].text, row["start"], row["end"]
        assert end <= len(text), f"heldout.facts.jsonl:{number}: past the end"
        assert text[start:end] == text[start:end].strip(), f"heldout.facts.jsonl:{number}"
        assert start == 0 or not text[start - 1].isalnum(), f"heldout.facts.jsonl:{number}"
        assert end == len(text) or not text[end].isalnum(), f"heldout.facts.jsonl:{number}"


def test_briefs_carry_metadata_and_are_short(briefs: dict[str, Document]) -> None:
    assert len(briefs) == 5
    for document in briefs.values():
        assert document.title and document.date, document.id
        assert document.outlet and document.outlet.startswith("detente demo brief (after "), (
            document.outlet
        )
        words = len(document.text.split())
        assert 200 <= words <= 450, f"{document.id}: {words} words"


def test_briefs_name_all_four_parties(briefs: dict[str, Document], flagship: Scenario) -> None:
    corpus = " ".join(document.text for document in briefs.values())
    for actor in flagship.actors:
        hits = [
            name
            for name in actor.aliases
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", corpus, flags=re.IGNORECASE)
        ]
        assert hits, f"no brief names {actor.id}"
