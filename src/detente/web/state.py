"""What the dashboard keeps between requests: the workspace, the corpus, the latest model runs."""

from __future__ import annotations

import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from detente.corpus.fts import Span, SpanIndex
from detente.corpus.query import Query
from detente.corpus.store import Store
from detente.domain import Claim, Scenario
from detente.errors import DetenteError
from detente.report.analysis import Analysis
from detente.report.context import CorpusData
from detente.report.corpus_view import StoreTexts, corpus_data, open_store
from detente.report.evidence import DocumentFiles, DocumentTexts, EvidenceResolver
from detente.report.model_views import ModelViews, model_views
from detente.web.uncertainty import McRuns
from detente.web.workspace import Entry, Workspace
from detente.workflows.analyse import analyse


@dataclass(frozen=True)
class SearchHit:
    doc: str
    start: int
    end: int
    text: str


class FileSearch:
    """Full-text search (the corpus' span index, in memory) over the lines of the scenario's
    source documents, for a dashboard started without a corpus store."""

    def __init__(self, files: DocumentFiles, doc_ids: list[str]) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.index = SpanIndex.create(self.db, "lines")
        spans = []
        for doc_id in doc_ids:
            text = files.text(doc_id)
            if text is None:
                continue
            offset = 0
            for number, line in enumerate(text.split("\n")):
                if line.strip():
                    spans.append(Span(doc_id, number, offset, offset + len(line), line))
                offset += len(line) + 1
        self.index.add(spans)
        self.lock = threading.Lock()

    def search(self, query: str, limit: int, docs: list[str] | None = None) -> list[SearchHit]:
        with self.lock:
            spans = self.index.search(query, limit, docs)
        return [SearchHit(s.doc, s.start, s.end, s.text) for s in spans]


@dataclass(frozen=True)
class SearchFilter:
    """Which documents a search looks in: one outlet, a date range (ISO dates, inclusive)."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        return any((self.outlet, self.since, self.until))

    def keeps(self, outlet: str | None, date: str | None) -> bool:
        if self.outlet and outlet != self.outlet:
            return False
        if (self.since or self.until) and not date:
            return False  # an undated document is outside every date range
        return not (
            (self.since and (date or "") < self.since) or (self.until and (date or "") > self.until)
        )


@dataclass
class DashboardState:
    workspace: Workspace
    db_path: Path | None = None
    docs: tuple[Path, ...] = ()
    seed: int = 0
    runs: dict[str, tuple[int, Analysis]] = field(default_factory=dict)  # sid -> (version, run)
    # sid -> (the run, its per-issue views): built once per run, not on every issue page
    views: dict[str, tuple[Analysis, ModelViews]] = field(default_factory=dict)
    # sid -> (source ids, index): the files are read and indexed once, not on every search
    file_search: dict[str, tuple[tuple[str, ...], FileSearch]] = field(default_factory=dict)
    run_count: int = 0  # bumped by every run: cached pages showing forecasts go stale
    # Bumped by the dashboard's own writes to the store (review verdicts): SQLite's data_version
    # only moves for other connections' commits.
    store_writes: int = 0
    mc_runs: McRuns = field(default_factory=McRuns)  # the Uncertainty page's runs
    _local: threading.local = field(default_factory=threading.local)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def store(self) -> Store | None:
        """The corpus store, one connection per thread (SQLite connections stay in their thread)."""
        if self.db_path is None:
            return None
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db_path)
        return store

    def providers(self, entry: Entry) -> list[DocumentTexts]:
        providers: list[DocumentTexts] = []
        store = self.store()
        if store is not None:
            providers.append(StoreTexts(store))
        folders = self.doc_folders(entry)
        if folders:
            providers.append(DocumentFiles(folders))
        return providers

    def doc_folders(self, entry: Entry) -> list[Path]:
        """Folders holding source documents: --docs, then ``sources/`` beside the scenario."""
        return [f for f in (*self.docs, entry.path.parent / "sources") if f.is_dir()]

    def resolver(self, entry: Entry, scenario: Scenario) -> EvidenceResolver:
        return EvidenceResolver(scenario, self.providers(entry))

    def corpus(self) -> CorpusData | None:
        """Claims, facts and conflicts, read again only when the store file has changed."""
        store = self.store()
        if store is None:
            return None
        version = (store.data_version(), self.store_writes)
        cached: tuple[tuple[int, int], CorpusData] | None = getattr(self._local, "corpus", None)
        if cached is None or cached[0] != version:
            cached = self._local.corpus = (version, corpus_data(store))
        return cached[1]

    def require_store(self) -> Store:
        store = self.store()
        if store is None:
            raise DetenteError(
                "DT701",
                "no corpus store: machine claims are reviewed in the store they came from",
                hint="start the dashboard with --db FILE",
            )
        return store

    def review(self, claim: Claim, verdict: str) -> None:
        """Record the analyst's verdict on a machine claim in the corpus store."""
        self.require_store().set_review(claim, verdict)
        with self._lock:
            self.store_writes += 1

    def documents_meta(self, entry: Entry) -> list[tuple[str, str | None, str | None]]:
        """(id, outlet, ISO date) of the documents a search of ``entry`` looks in."""
        store = self.store()
        if store is not None:
            return store.document_meta()
        return [
            (s.id, s.outlet, s.date.isoformat() if s.date else None)
            for s in entry.scenario().sources
        ]

    def search(
        self, entry: Entry, query: Query, chosen: SearchFilter = SearchFilter(), limit: int = 30
    ) -> tuple[list[SearchHit], str]:
        """Hits for ``query``: FTS5 over the store's sentences, else over the source files."""
        docs = None
        if chosen:
            docs = [
                d for d, outlet, date in self.documents_meta(entry) if chosen.keeps(outlet, date)
            ]
        store = self.store()
        if store is not None:
            found = store.search_spans(query.fts, limit, docs)
            return [SearchHit(s.doc, s.start, s.end, s.text) for s in found], "corpus store"
        ids = tuple(s.id for s in entry.scenario().sources)
        with self._lock:
            cached = self.file_search.get(entry.id)
            if cached is None or cached[0] != ids:
                index = FileSearch(DocumentFiles(self.doc_folders(entry)), list(ids))
                cached = self.file_search[entry.id] = (ids, index)
        fts = unicodedata.normalize("NFC", query.fts)
        return cached[1].search(fts, limit, docs), "source documents"

    def run(self, entry: Entry) -> Analysis:
        """Run the models and the deal analysis on the entry's current version."""
        version = entry.version
        analysis = analyse(entry.scenario(version), seed=self.seed, inputs={"scenario": entry.path})
        with self._lock:
            self.runs[entry.id] = (version, analysis)
            self.run_count += 1
        return analysis

    def last_run(self, entry: Entry) -> tuple[int, Analysis] | None:
        return self.runs.get(entry.id)

    def last_views(self, entry: Entry) -> ModelViews | None:
        """The latest run's per-issue views (forecast notes, round-by-round charts), built from
        the version the models ran on, once per run."""
        last = self.runs.get(entry.id)
        if last is None:
            return None
        version, analysis = last
        with self._lock:
            cached = self.views.get(entry.id)
            if cached is None or cached[0] is not analysis:
                built = model_views(entry.scenario(version), analysis)
                cached = self.views[entry.id] = (analysis, built)
        return cached[1]

    def analysis_of(self, entry: Entry, version: int) -> Analysis:
        """Forecasts of any version (for comparisons); the latest run is reused when it fits."""
        last = self.runs.get(entry.id)
        if last is not None and last[0] == version:
            return last[1]
        return analyse(entry.scenario(version), seed=self.seed)
