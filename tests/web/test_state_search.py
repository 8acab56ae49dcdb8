"""The dashboard's search, over a corpus store or over the source files, reports every hit at
its own offsets: an article that repeats a sentence gives two hits, not one place twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_fixtures import build_store, copy_sample
from fastapi.testclient import TestClient

from detente.web.app import create_app

REPEATED = "The ferry timetable was read out again."


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    path = copy_sample(tmp_path / "case")
    article = path.parent / "sources" / "harbour-talks.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(f"{text}{REPEATED}\nA line between.\n{REPEATED}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("with_store", [True, False])
def test_a_repeated_sentence_is_found_at_both_places(
    sample: Path, tmp_path: Path, with_store: bool
) -> None:
    db = build_store(sample.parent, tmp_path / "corpus.db") if with_store else None
    client = TestClient(create_app([sample], db=db))
    data = client.get("/s/sample/corpus.json?q=ferry").json()
    assert data["searched"] == ("corpus store" if with_store else "source documents")
    text = (sample.parent / "sources" / "harbour-talks.txt").read_text(encoding="utf-8")
    first = text.index(REPEATED)
    expected = [first, text.index(REPEATED, first + 1)]
    hits = data["hits"]
    assert sorted(h["start"] for h in hits) == expected
    assert all(text[h["start"] : h["end"]] == REPEATED == h["text"] for h in hits)
