"""Extraction over a real 2-worker ``distributed.LocalCluster``: the same claims, facts and
conflicts as a serial run, and one writer for the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.corpus.store import Store
from detente.domain import Document, Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.nlp.pipeline import ExtractionResult
from detente.nlp.steps import PARALLEL_FROM
from detente.workflows.extract import extract
from detente.workflows.extract_dask import partitions
from detente.workflows.ingest import ingest_to_store

REPO = Path(__file__).resolve().parents[2]
BRIEFS = REPO / "examples" / "ukraine-2025" / "briefs"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(REPO / "examples" / "ukraine-2025" / "scenario.yaml")


@pytest.fixture(scope="module")
def briefs() -> list[Document]:
    return ingest_to_store(sorted(BRIEFS.glob("brief-*.md")), None).result.documents


@pytest.fixture(scope="module")
def serial(briefs: list[Document], scenario: Scenario, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("serial") / "corpus.sqlite"
    return extract(briefs, scenario, db=db), db


def test_cluster_run_equals_the_serial_run(
    briefs: list[Document],
    scenario: Scenario,
    serial: tuple[ExtractionResult, Path],
    tmp_path: Path,
) -> None:
    expected, serial_db = serial
    assert len(briefs) == 5 and expected.claims and expected.conflicts
    seen: list[int] = []
    db = tmp_path / "corpus.sqlite"
    got = extract(briefs, scenario, db=db, workers=2, progress=seen.append)
    assert sum(seen) == 5 and len(seen) > 1  # several partitions, each reported
    assert got.claims == expected.claims
    assert got.facts == expected.facts
    assert got.conflicts == expected.conflicts
    assert got.sentences == expected.sentences and got.mentions == expected.mentions
    with Store(db) as mine, Store(serial_db) as theirs:
        assert mine.claims() == theirs.claims()
        assert mine.conflicts() == theirs.conflicts()
        assert [d.id for d in mine.documents()] == [d.id for d in theirs.documents()]


def test_partitions_keep_document_order_and_bounds(briefs: list[Document]) -> None:
    parts = partitions(briefs, max_docs=2)
    assert [len(p) for p in parts] == [2, 2, 1]
    assert [d.id for p in parts for d in p] == [d.id for d in briefs]
    text = "One short sentence here.\n\n" * (PARALLEL_FROM + 10)
    long = briefs[2].model_copy(update={"id": "long", "text": text})
    split = partitions([briefs[0], long, briefs[1]], max_docs=10)
    assert [[d.id for d in p] for p in split] == [[briefs[0].id], ["long"], [briefs[1].id]]


def test_discovery_over_dask_is_refused(briefs: list[Document]) -> None:
    with pytest.raises(DetenteError) as info:
        extract(briefs, None, workers=2)
    assert info.value.code == "DT415"
