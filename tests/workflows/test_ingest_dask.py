"""Ingest over a real 2-worker ``distributed.LocalCluster``: files read and parsed on the
workers, one writer, and the same documents, errors and store content as a serial ingest."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.workflows.ingest import ingest_distributed, ingest_to_store

REPO = Path(__file__).resolve().parents[2]
BRIEFS = REPO / "examples" / "ukraine-2025" / "briefs"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five briefs, an exact copy and a near copy of one, an HTML page, a JSONL file with a
    bad line, a binary file, an empty one and a PDF to skip: every path of the reader."""
    folder = tmp_path_factory.mktemp("inputs") / "articles"
    shutil.copytree(BRIEFS, folder)
    first = sorted(folder.glob("brief-*.md"))[0]
    (folder / "copy").mkdir()
    text = first.read_text(encoding="utf-8")
    again = text.replace("id: brief-000", "id: brief-000-again")
    (folder / "copy" / "same-brief.md").write_text(again, encoding="utf-8")
    shutil.copy(first, folder / "copy" / "brief-000.md")  # same id, same text: dropped
    (folder / "copy" / "near-brief.md").write_text(text + "\nOne more line.\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Harbour</title></head><body><nav>menu</nav><article>"
        "<p>The ministers met at the harbour and agreed to meet again.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "wire.jsonl").write_text(
        '{"id": "w1", "text": "The envoy said talks would resume.", "outlet": "Wire"}\n'
        "{not json\n"
        '{"id": "w2", "text": "A second short wire item.", "date": "2025-03-02"}\n',
        encoding="utf-8",
    )
    (folder / "binary.txt").write_bytes(b"text\x00with a NUL byte")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    return folder


def _dump(db: Path) -> list[str]:
    """Every statement that rebuilds the store, but the time each migration ran."""
    with sqlite3.connect(db) as connection:
        return [s for s in connection.iterdump() if 'schema_migrations" VALUES' not in s]


def test_a_cluster_ingest_equals_the_serial_one(inputs: Path, tmp_path: Path) -> None:
    serial_db, cluster_db = tmp_path / "serial.sqlite", tmp_path / "cluster.sqlite"
    serial = ingest_to_store([inputs], serial_db, outlet="Desk", date=None)
    seen: list[int] = []
    cluster = ingest_to_store(
        [inputs], cluster_db, workers=2, progress=seen.append, outlet="Desk", date=None
    )
    files = len([p for p in inputs.rglob("*") if p.is_file() and p.suffix != ".pdf"])
    assert sum(seen) == files and len(seen) > 1  # several partitions, each reported
    assert cluster.result.documents == serial.result.documents
    assert [str(e) for e in cluster.result.errors] == [str(e) for e in serial.result.errors]
    assert (
        cluster.result.skipped
        == serial.result.skipped
        == [
            (str(inputs / "scan.pdf"), ".pdf: not one of .txt, .md, .markdown, .html, .htm, .jsonl")
        ]
    )
    assert cluster.counts == serial.counts and serial.counts["added"] == 10
    # The reader's every path was taken: bad JSON line, NUL bytes, empty file, duplicates.
    assert {e.code for e in serial.result.errors} == {"DT302", "DT303", "DT306"}
    docs = {d.id: d for d in serial.result.documents}
    assert docs["brief-000-again"].duplicate_of == "brief-000"
    near = next(d for d in docs.values() if d.path and d.path.endswith("near-brief.md"))
    assert near.id.startswith("brief-000~") and near.near_duplicate_of == "brief-000"
    assert _dump(cluster_db) == _dump(serial_db)  # the very same store, row for row


def test_partitions_of_one_file_keep_the_file_order(inputs: Path) -> None:
    one_each = ingest_distributed([inputs], workers=2, max_files=1)
    serial = ingest_to_store([inputs], None)
    assert [d.id for d in one_each.documents] == [d.id for d in serial.result.documents]
    assert one_each.documents == serial.result.documents


def test_bad_cluster_settings_are_coded(inputs: Path) -> None:
    with pytest.raises(DetenteError) as info:
        ingest_to_store([inputs], None, workers=0)
    assert info.value.code == "DT317"
    with pytest.raises(DetenteError) as info:
        ingest_to_store([inputs], None, scheduler="tcp://127.0.0.1:9")
    assert info.value.code == "DT416"
