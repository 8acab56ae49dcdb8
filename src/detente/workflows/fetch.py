"""Fetch pages and feeds into the corpus store, like ingested files (same dedupe, same store)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from detente.corpus.fetch import FetchResult, fetch_pages
from detente.corpus.fetch import FetchSettings as FetchSettings  # re-exported for the CLI
from detente.corpus.store import Store


@dataclass
class FetchSummary:
    result: FetchResult
    counts: dict[str, int]


def fetch_to_store(
    urls: Iterable[str],
    db: Path,
    *,
    feeds: Iterable[str] = (),
    settings: FetchSettings | None = None,
    on_page: Callable[[str], None] | None = None,
) -> FetchSummary:
    """Fetch, then store the documents and the raw HTML they came from."""
    result = fetch_pages(urls, settings, feeds=feeds, on_page=on_page)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    if result.documents:
        with Store(db) as store:
            counts = store.add_documents(result.documents)
            store.add_raw_pages(result.pages)
    return FetchSummary(result, counts)
