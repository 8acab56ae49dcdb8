"""One span index for full-text search: every hit carries its own offsets, so a sentence a
document repeats is found twice, each time where it stands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import detente.corpus.store as store_module
from detente.corpus.fts import Span, SpanIndex
from detente.corpus.ingest import ingest_paths
from detente.corpus.store import MIGRATIONS, Store
from detente.errors import DetenteError

REPEATED = "Talks resumed in Geneva."
TEXT = f"{REPEATED} The envoys disagreed on the maritime corridor. {REPEATED}\n"


def _document(tmp_path: Path) -> tuple[str, list[tuple[str, int, int, int, str]]]:
    """The ingested document's id and its sentences, offsets found in its stored text."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "geneva.txt").write_text(TEXT, encoding="utf-8")
    (doc,) = ingest_paths([folder]).documents
    first = doc.text.index(REPEATED)
    second = doc.text.index(REPEATED, first + 1)
    middle = doc.text[first + len(REPEATED) + 1 : second - 1]
    sentences = [
        (doc.id, 0, first, first + len(REPEATED), REPEATED),
        (doc.id, 1, first + len(REPEATED) + 1, second - 1, middle),
        (doc.id, 2, second, second + len(REPEATED), REPEATED),
    ]
    return doc.id, sentences


def test_a_repeated_sentence_gives_two_hits_each_at_its_own_offset(tmp_path: Path) -> None:
    doc_id, sentences = _document(tmp_path)
    with Store(tmp_path / "c.db") as store:
        store.add_documents(ingest_paths([tmp_path / "in"]).documents)
        store.replace_extraction([doc_id], sentences, [], [], [], [])
        hits = store.search_spans("Geneva")
        text = store.documents([doc_id])[0].text
        assert sorted(hits) == [
            Span(doc_id, 0, 0, len(REPEATED), REPEATED),
            Span(doc_id, 2, sentences[2][2], sentences[2][3], REPEATED),
        ]
        assert sentences[2][2] > 0
        assert all(text[h.start : h.end] == REPEATED for h in hits)
        assert sorted(store.search("Geneva")) == [(doc_id, 0, REPEATED), (doc_id, 2, REPEATED)]


def test_a_store_from_before_the_offsets_is_migrated_and_searchable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sentences = _document(tmp_path)
    db = tmp_path / "old.db"
    names = [m[0] for m in MIGRATIONS]
    before = MIGRATIONS[: names.index("0005_sentence_offsets_in_fts")]
    monkeypatch.setattr(store_module, "MIGRATIONS", before)
    with Store(db) as store:
        store.add_documents(ingest_paths([tmp_path / "in"]).documents)
    raw = sqlite3.connect(db, isolation_level=None)  # the old index: no offsets in it
    raw.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", sentences)
    raw.executemany(
        "INSERT INTO sentences_fts (text, doc, idx) VALUES (?,?,?)",
        [(s[4], s[0], s[1]) for s in sentences],
    )
    raw.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store(db) as store:
        assert store.applied_migrations() == names
        starts = sorted(h.start for h in store.search_spans("resumed"))
    assert starts == [sentences[0][2], sentences[2][2]]


def test_the_in_memory_index_is_the_same_index(tmp_path: Path) -> None:
    db = sqlite3.connect(":memory:")
    index = SpanIndex.create(db, "lines")
    index.add([Span("a.txt", 0, 0, 5, "talks"), Span("a.txt", 3, 40, 45, "talks")])
    assert sorted(h.start for h in index.search("talks", 10)) == [0, 40]
    with pytest.raises(DetenteError, match="DT311"):
        index.search('"unclosed', 10)
    with pytest.raises(ValueError, match="not a table name"):
        SpanIndex(db, "lines; DROP TABLE x")
