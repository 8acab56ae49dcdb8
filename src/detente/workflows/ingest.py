"""Ingest files into the corpus store (no NLP is loaded)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.corpus.ingest import SUFFIXES as SUFFIXES  # re-exported for the CLI
from detente.corpus.ingest import IngestResult, ingest_paths
from detente.corpus.store import Store


@dataclass
class IngestSummary:
    result: IngestResult
    counts: dict[str, int]


def ingest_to_store(paths: Iterable[str | Path], db: Path | None, **defaults: Any) -> IngestSummary:
    result = ingest_paths(paths, defaults=defaults or None)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    if db is not None and result.documents:
        with Store(db) as store:
            counts = store.add_documents(result.documents)
    return IngestSummary(result, counts)
