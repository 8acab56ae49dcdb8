"""One full-text index (SQLite FTS5) of text spans that keep their character offsets.

The corpus store indexes its sentences with it and the dashboard, started without a store, the
lines of the scenario's source files. Each row holds the span's document, its index (sentence or
line number), its ``[start, end)`` offsets and its text, so a hit says exactly where it is: a
sentence that a document repeats gives two hits, each at its own offset (recovering offsets by
searching the document for the hit's text would send both to the first one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any, NamedTuple

from detente.errors import DetenteError

SPAN_COLUMNS = 'text, doc UNINDEXED, idx UNINDEXED, start UNINDEXED, "end" UNINDEXED'


class Span(NamedTuple):
    """A piece of a document's text at ``[start, end)``; ``idx`` is its sentence or line number."""

    doc: str
    idx: int
    start: int
    end: int
    text: str


class SpanIndex:
    """The FTS5 table ``table`` of spans in ``db`` (created by :meth:`create` or a migration)."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.db = db
        self.table = table

    @classmethod
    def create(cls, db: sqlite3.Connection, table: str) -> SpanIndex:
        index = cls(db, table)
        db.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({SPAN_COLUMNS})")
        return index

    def add(self, spans: Iterable[Span]) -> None:
        self.db.executemany(
            f'INSERT INTO {self.table} (text, doc, idx, start, "end") VALUES (?, ?, ?, ?, ?)',
            [(s.text, s.doc, s.idx, s.start, s.end) for s in spans],
        )

    def search(self, query: str, limit: int, docs: Iterable[str] | None = None) -> list[Span]:
        """The spans matching ``query`` (FTS5 syntax), best first, only in ``docs`` if given;
        DT311 for a malformed query."""
        wanted = None if docs is None else sorted(set(docs))
        where = "" if wanted is None else f" AND doc IN ({','.join('?' * len(wanted))})"
        rows = fts_match(
            self.db,
            f'SELECT doc, idx, start, "end", text FROM {self.table} WHERE {self.table} MATCH ?'
            f"{where} ORDER BY rank LIMIT ?",
            query,
            limit,
            wanted or (),
        )
        return [
            Span(doc, int(idx), int(start), int(end), text) for doc, idx, start, end, text in rows
        ]


def fts_match(
    db: sqlite3.Connection, sql: str, query: str, limit: int, extra: Iterable[Any] = ()
) -> list[tuple[Any, ...]]:
    """Run an FTS5 ``MATCH ?`` query typed by a user (``extra`` fills the placeholders between
    the match and the limit): FTS5 syntax errors become DT311."""
    try:
        return list(db.execute(sql, (query, *extra, limit)).fetchall())
    except sqlite3.OperationalError as exc:
        raise DetenteError(
            "DT311",
            f"bad search query {query!r}: {exc}",
            hint='FTS5 syntax: words, "a phrase", OR, NOT, prefix*; quote stray punctuation',
        ) from None
