"""The corpus store is a real SQLite file: migrations, idempotent re-ingest, FTS, transactions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from detente.corpus.ingest import ingest_paths
from detente.corpus.store import MIGRATIONS, Store
from detente.domain import Claim
from detente.domain.corpus import Conflict, ConflictSide, Fact
from detente.errors import DetenteError


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The Kremlin rejected the proposal. Talks resume on Monday.")
    (folder / "b.md").write_text("---\noutlet: Wire\n---\nKyiv welcomed the maritime truce.\n")
    return folder


def test_migrations_are_named_and_applied_once(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert store.migrate() == []
    raw = sqlite3.connect(db)
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "documents",
        "sentences",
        "sentences_fts",
        "mentions",
        "claims",
        "facts",
        "conflicts",
        "schema_migrations",
    } <= tables


def test_reingest_is_idempotent_and_changes_replace(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    db = tmp_path / "c.db"
    docs = ingest_paths([folder]).documents
    with Store(db) as store:
        assert store.add_documents(docs) == {"added": 2, "replaced": 0, "unchanged": 0}
        before = store.documents()
        assert store.add_documents(ingest_paths([folder]).documents) == {
            "added": 0,
            "replaced": 0,
            "unchanged": 2,
        }
        assert store.documents() == before
    (folder / "a.txt").write_text("The Kremlin accepted the proposal.")
    with Store(db) as store:
        assert store.add_documents(ingest_paths([folder]).documents)["replaced"] == 1
        assert store.documents(["a.txt"])[0].text == "The Kremlin accepted the proposal."


def test_full_text_search_and_transactional_writes(tmp_path: Path) -> None:
    docs = ingest_paths([_corpus(tmp_path)]).documents
    with Store(tmp_path / "c.db") as store:
        store.add_documents(docs)
        sentences = [
            ("a.txt", 0, 0, 34, "The Kremlin rejected the proposal."),
            ("b.md", 0, 0, 33, "Kyiv welcomed the maritime truce."),
        ]
        store.replace_extraction(["a.txt", "b.md"], sentences, [], [], [], [])
        assert store.search("maritime") == [("b.md", 0, "Kyiv welcomed the maritime truce.")]
        bad_claim = Claim(
            doc="nowhere",
            start=0,
            end=5,
            sentence="x",
            actor="russia",
            issue="truce",
            stance="for",
            confidence=0.5,
            cue="x",
        )
        with pytest.raises(sqlite3.IntegrityError):
            store.replace_extraction(["a.txt"], [], [], [bad_claim], [], [])
        # The failed write was rolled back: the earlier sentences are still there.
        assert store.count("sentences") == 2 and store.count("claims") == 0


def test_a_file_that_is_not_a_store_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(DetenteError) as info:
        Store(path)
    assert info.value.code == "DT309"


def test_facts_and_conflicts_read_back_as_domain_objects(tmp_path: Path) -> None:
    docs = ingest_paths([_corpus(tmp_path)]).documents
    monday = Fact(doc="a.txt", start=52, end=58, kind="date", value="Monday", text="Monday")
    days = Fact(doc="b.md", start=0, end=4, kind="duration", value="30 days", text="Kyiv")
    first = Fact(doc="a.txt", start=4, end=11, kind="count", value="1", text="Kremlin")
    conflict = Conflict(
        kind="date",
        subject="talks resume",
        sides=(
            ConflictSide(value="Monday", sources=(("a.txt", 52, 58),)),
            ConflictSide(value="Tuesday", sources=(("b.md", 0, 4),)),
        ),
    )
    with Store(tmp_path / "c.db") as store:
        store.add_documents(docs)
        assert store.facts() == [] and store.conflicts() == []
        store.replace_extraction(["a.txt", "b.md"], [], [], [], [monday, days, first], [conflict])
    with Store(tmp_path / "c.db") as store:
        assert store.facts() == [first, monday, days]
        assert store.facts(doc="b.md") == [days]
        assert store.facts(doc="nowhere") == []
        assert store.conflicts() == [conflict]


def test_data_version_moves_when_another_connection_commits(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as reader, Store(tmp_path / "c.db") as writer:
        before = reader.data_version()
        assert reader.data_version() == before
        writer.add_documents(ingest_paths([_corpus(tmp_path)]).documents)
        assert reader.data_version() != before
        assert [d.id for d in reader.documents(["b.md", "missing"])] == ["b.md"]
        assert reader.documents([]) == []


def _ingest_one(db: str, folder: str) -> int:
    """One process's ingest of one file into ``db`` (run in a child process)."""
    documents = ingest_paths([Path(folder)]).documents
    with Store(db) as store:
        return store.add_documents(documents)["added"]


def test_concurrent_ingests_into_a_new_store_all_land(tmp_path: Path) -> None:
    """Four processes creating one store at once: migrations ran outside the lock (DT309)."""
    import multiprocessing

    folders = []
    for k in range(4):
        folder = tmp_path / f"in{k}"
        folder.mkdir()
        (folder / f"doc{k}.txt").write_text(f"Document number {k} says the talks resumed.")
        folders.append(str(folder))
    db = str(tmp_path / "new.db")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        added = pool.starmap(_ingest_one, [(db, f) for f in folders])
    assert added == [1, 1, 1, 1]
    with Store(db) as store:
        assert store.count("documents") == 4
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]


def test_a_store_locked_too_long_is_a_coded_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_documents(ingest_paths([_corpus(tmp_path)]).documents)
    monkeypatch.setattr("detente.corpus.store.BUSY_SECONDS", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with (
            Store(db) as store,
            pytest.raises(DetenteError, match="DT312") as busy,
            store.transaction() as conn,
        ):
            conn.execute("DELETE FROM documents")
        assert str(db) in str(busy.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(db) as store:
        assert store.count("documents") == 2


def test_claims_keep_their_steps_and_older_claims_read_back_without(tmp_path: Path) -> None:
    docs = ingest_paths([_corpus(tmp_path)]).documents
    claim = Claim(
        doc="a.txt",
        start=0,
        end=34,
        sentence="The Kremlin rejected the proposal.",
        actor="russia",
        issue="truce",
        stance="against",
        confidence=0.8,
        cue="rejected",
        steps=("segment.v1", "parse.v1", "actors.v1", "cues.v1", "issues.v1", "stance.v1"),
    )
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_documents(docs)
        store.replace_extraction(["a.txt"], [], [], [claim], [], [])
    # A claim written before claims recorded their steps: its JSON has no "steps".
    older = claim.model_dump(mode="json", exclude={"steps"})
    older.update(start=35, end=58, sentence="Talks resume on Monday.")
    raw = sqlite3.connect(db)
    with raw:
        raw.execute(
            "INSERT INTO claims VALUES (?,?,?,?,?,?,?)",
            ("a.txt", 35, 58, "russia", "truce", "against", json.dumps(older)),
        )
    raw.close()
    with Store(db) as store:
        assert [c.steps for c in store.claims()] == [claim.steps, ()]
