"""The corpus store: one SQLite file with named, transactional migrations and FTS5 search.

Tables: documents, sentences (+ FTS5 index), mentions, claims, facts, conflicts, raw fetched
pages, and the analyst's verdicts on claims (claim_reviews). Every write is one transaction, so
a failed run leaves the store as it was. Re-ingesting the same text is a no-op; a changed text
under the same id replaces the document and drops what was extracted from the old one.

Claims, facts and conflicts are kept whole as JSON beside the columns they are looked up by, so
a field added to them (a claim's ``extractor``, its ``steps``) needs no migration: rows written
before read back with the field's default.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from detente.corpus.fts import SPAN_COLUMNS, Span, SpanIndex
from detente.corpus.fts import fts_match as fts_match  # where the dashboard imported it from
from detente.domain.corpus import Claim, Conflict, Document, Fact
from detente.errors import DetenteError

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_documents",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, text TEXT NOT NULL,
            title TEXT, outlet TEXT, date TEXT, url TEXT, path TEXT,
            duplicate_of TEXT, near_duplicate_of TEXT
        );
        CREATE INDEX documents_sha256 ON documents (sha256);
        """,
    ),
    (
        "0002_sentences_fts",
        """
        CREATE TABLE sentences (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, PRIMARY KEY (doc, idx)
        );
        CREATE VIRTUAL TABLE sentences_fts USING fts5(text, doc UNINDEXED, idx UNINDEXED);
        """,
    ),
    (
        "0003_extraction",
        """
        CREATE TABLE mentions (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            actor TEXT, kind TEXT NOT NULL, canonical TEXT
        );
        CREATE TABLE claims (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, actor TEXT NOT NULL,
            issue TEXT NOT NULL, stance TEXT NOT NULL, json TEXT NOT NULL
        );
        CREATE TABLE facts (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT NOT NULL,
            value TEXT NOT NULL, json TEXT NOT NULL
        );
        CREATE TABLE conflicts (kind TEXT NOT NULL, subject TEXT NOT NULL, json TEXT NOT NULL);
        """,
    ),
    (
        "0004_raw_pages",
        """
        CREATE TABLE raw_pages (
            doc TEXT NOT NULL, url TEXT NOT NULL, final_url TEXT NOT NULL, status INTEGER,
            content_type TEXT, fetched_at TEXT NOT NULL, author TEXT, html TEXT NOT NULL,
            PRIMARY KEY (doc, fetched_at)
        );
        """,
    ),
    (
        # The index keeps each sentence's offsets, so a hit needs no lookup in the text (which
        # found a repeated sentence at its first occurrence only).
        "0005_sentence_offsets_in_fts",
        f"""
        DROP TABLE sentences_fts;
        CREATE VIRTUAL TABLE sentences_fts USING fts5({SPAN_COLUMNS});
        INSERT INTO sentences_fts (text, doc, idx, start, "end")
            SELECT text, doc, idx, start, "end" FROM sentences;
        """,
    ),
    (
        "0006_claim_reviews",
        """
        CREATE TABLE claim_reviews (
            claim TEXT PRIMARY KEY, doc TEXT NOT NULL, start INTEGER NOT NULL,
            "end" INTEGER NOT NULL, actor TEXT NOT NULL, issue TEXT NOT NULL,
            stance TEXT NOT NULL, verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
            extractor TEXT, reviewed_at TEXT NOT NULL
        );
        """,
    ),
)


BUSY_SECONDS = 10.0


def _store_error(exc: sqlite3.OperationalError, path: Path) -> DetenteError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return DetenteError(
            "DT312",
            f"the store is locked by another writer for more than {BUSY_SECONDS:g} s",
            location=str(path),
            hint="wait for the other detente process to finish, then run this again",
        )
    if "full" in message:
        return DetenteError(
            "DT313",
            "the disk is full: nothing was written",
            location=str(path),
            hint="free some space, then run this again",
        )
    return DetenteError("DT313", f"the store could not be written: {message}", location=str(path))


class Store:
    """A corpus store file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # SQLite waits up to this long for another writer's lock before "database is locked".
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self.migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise DetenteError(
                "DT309", f"cannot open the store: {exc}", location=str(self.path)
            ) from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; a busy or full store becomes a coded error, nothing half-written.

        ``BEGIN IMMEDIATE`` takes the write lock up front (waiting ``BUSY_SECONDS``), so two
        writers never interleave, and a failure rolls the whole transaction back.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _store_error(exc, self.path) from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise _store_error(exc, self.path) from None
            raise

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, all in one transaction; return their names.

        The check of what is applied runs inside the write lock: two processes opening a new
        store at once would otherwise both see it empty and both create its tables.
        """
        if self._pending_migrations_unlocked() == 0:
            return []  # read-only fast path: readers never wait for a writer's lock
        applied = []
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations"
                " (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?)",
                    (name, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                )
                applied.append(name)
        return applied

    def _pending_migrations_unlocked(self) -> int:
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if not exists:
            return len(MIGRATIONS)
        done = {row[0] for row in self._db.execute("SELECT name FROM schema_migrations")}
        return sum(name not in done for name, _ in MIGRATIONS)

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (for readers' caches)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    # documents -----------------------------------------------------------------------------
    def add_documents(self, documents: Iterable[Document]) -> dict[str, int]:
        """Insert new documents, replace changed ones, skip identical ones (idempotent)."""
        counts = {"added": 0, "replaced": 0, "unchanged": 0}
        with self.transaction() as db:
            for doc in documents:
                row = db.execute(
                    "SELECT sha256, duplicate_of, near_duplicate_of, title, outlet, date, url"
                    " FROM documents WHERE id = ?",
                    (doc.id,),
                ).fetchone()
                values = _document_row(doc)
                if row is not None and tuple(row) == (
                    values[1],
                    values[8],
                    values[9],
                    values[3],
                    values[4],
                    values[5],
                    values[6],
                ):
                    counts["unchanged"] += 1
                    continue
                if row is not None:
                    self._delete_document(db, doc.id)
                    counts["replaced"] += 1
                else:
                    counts["added"] += 1
                db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)", values)
        return counts

    def add_raw_pages(self, pages: Iterable[Any]) -> int:
        """Keep the HTML a fetched document came from (provenance); one row per fetch."""
        rows = [
            (p.doc_id, p.url, p.final_url, p.status, p.content_type, p.fetched_at, p.author, p.html)
            for p in pages
        ]
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO raw_pages VALUES (?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    def raw_pages(self, doc: str) -> list[dict[str, Any]]:
        columns = ("doc", "url", "final_url", "status", "content_type", "fetched_at", "author")
        query = (
            f"SELECT {', '.join(columns)}, html FROM raw_pages WHERE doc = ? ORDER BY fetched_at"
        )
        return [
            dict(zip((*columns, "html"), row, strict=True))
            for row in self._db.execute(query, (doc,))
        ]

    @staticmethod
    def _delete_document(db: sqlite3.Connection, doc_id: str) -> None:
        db.execute("DELETE FROM sentences_fts WHERE doc = ?", (doc_id,))
        db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        if ids is None:
            rows = self._db.execute("SELECT * FROM documents ORDER BY id").fetchall()
        else:
            # Filter in SQL: the views fetch one document at a time, and texts are large.
            wanted = sorted(set(ids))
            marks = ",".join("?" * len(wanted))
            rows = self._db.execute(
                f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", wanted
            ).fetchall()
        return [_row_document(r) for r in rows]

    def count(self, table: str) -> int:
        if table not in {"documents", "sentences", "mentions", "claims", "facts", "conflicts"}:
            raise ValueError(table)
        return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # extraction results -------------------------------------------------------------------
    def replace_extraction(
        self,
        doc_ids: Iterable[str],
        sentences: Iterable[tuple[str, int, int, int, str]],
        mentions: Iterable[tuple[str, int, int, str, str | None, str, str | None]],
        claims: Iterable[Claim],
        facts: Iterable[Fact],
        conflicts: Iterable[Conflict],
    ) -> None:
        """Swap the extraction results of ``doc_ids`` (and all conflicts) in one transaction."""
        ids = list(doc_ids)
        with self.transaction() as db:
            for doc_id in ids:
                for table in ("sentences", "sentences_fts", "mentions", "claims", "facts"):
                    db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))
            db.execute("DELETE FROM conflicts")
            rows = list(sentences)
            db.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", rows)
            SpanIndex(db, "sentences_fts").add(Span(*row) for row in rows)
            db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)", list(mentions))
            db.executemany(
                "INSERT INTO claims VALUES (?,?,?,?,?,?,?)",
                [
                    (c.doc, c.start, c.end, c.actor, c.issue, c.stance, c.model_dump_json())
                    for c in claims
                ],
            )
            db.executemany(
                "INSERT INTO facts VALUES (?,?,?,?,?,?)",
                [(f.doc, f.start, f.end, f.kind, f.value, f.model_dump_json()) for f in facts],
            )
            db.executemany(
                "INSERT INTO conflicts VALUES (?,?,?)",
                [(c.kind, c.subject, c.model_dump_json()) for c in conflicts],
            )

    def claims(self) -> list[Claim]:
        rows = self._db.execute("SELECT json FROM claims ORDER BY doc, start, actor, issue")
        return [Claim.model_validate(json.loads(r[0])) for r in rows]

    def facts(self, doc: str | None = None) -> list[Fact]:
        """The stored facts, of one document when ``doc`` is given, in document order."""
        where, args = ("WHERE doc = ?", (doc,)) if doc is not None else ("", ())
        rows = self._db.execute(f"SELECT json FROM facts {where} ORDER BY doc, start, kind", args)
        return [Fact.model_validate_json(r[0]) for r in rows]

    # the analyst's verdicts on machine claims ----------------------------------------------
    # Kept apart from the claims table, which every extraction replaces: a verdict stays with
    # the claim (same document, span, party, issue and stance) through re-extraction, so a
    # rejected claim does not come back.
    def set_review(self, claim: Claim, verdict: str) -> None:
        """Record ``verdict`` ("accepted" or "rejected") on ``claim``, replacing an earlier one."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        row = (
            claim_key(claim),
            claim.doc,
            claim.start,
            claim.end,
            claim.actor,
            claim.issue,
            claim.stance,
            verdict,
            claim.extractor,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO claim_reviews VALUES (?,?,?,?,?,?,?,?,?,?)", row)

    def reviews(self) -> dict[str, str]:
        """Verdicts by claim key (:func:`claim_key`)."""
        rows = self._db.execute("SELECT claim, verdict FROM claim_reviews")
        return {r[0]: r[1] for r in rows}

    def conflicts(self) -> list[Conflict]:
        """The stored cross-source conflicts, by kind and subject."""
        rows = self._db.execute("SELECT json FROM conflicts ORDER BY kind, subject")
        return [Conflict.model_validate_json(r[0]) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[str, int, str]]:
        """Full-text search over sentences: (doc, sentence index, text), best first."""
        return [(s.doc, s.idx, s.text) for s in self.search_spans(query, limit)]

    def search_spans(
        self, query: str, limit: int = 20, docs: Iterable[str] | None = None
    ) -> list[Span]:
        """Full-text search over sentences, each hit with its own offsets, best first,
        optionally only in the documents ``docs``."""
        return SpanIndex(self._db, "sentences_fts").search(query, limit, docs)

    def document_meta(self) -> list[tuple[str, str | None, str | None]]:
        """(id, outlet, ISO date) of every document, without reading their texts."""
        rows = self._db.execute("SELECT id, outlet, date FROM documents ORDER BY id")
        return [(r[0], r[1], r[2]) for r in rows]


VERDICTS = ("accepted", "rejected")


def claim_key(claim: Claim) -> str:
    """What identifies a claim across extractions: where it is and what it says."""
    return f"{claim.doc}:{claim.start}-{claim.end}:{claim.actor}:{claim.issue}:{claim.stance}"


def _document_row(doc: Document) -> tuple[object, ...]:
    return (
        doc.id,
        doc.sha256,
        doc.text,
        doc.title,
        doc.outlet,
        doc.date.isoformat() if doc.date else None,
        doc.url,
        doc.path,
        doc.duplicate_of,
        doc.near_duplicate_of,
    )


def _row_document(row: tuple[object, ...]) -> Document:
    keys = ("id", "sha256", "text", "title", "outlet", "date", "url", "path")
    data = dict(zip(keys, row[:8], strict=True))
    data["duplicate_of"], data["near_duplicate_of"] = row[8], row[9]
    return Document.model_validate(data)
