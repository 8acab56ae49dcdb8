"""``detente ingest`` / ``extract`` with some bad inputs: the good ones go in, the exit is 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.store import Store

runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Northland rejected the border plan on Monday.")
    (folder / "b.txt").write_text("Southland welcomed the reconstruction fund.")
    (folder / "broken.txt").write_bytes(b"half a \x00 file")
    return folder


def test_ingest_stores_the_good_files_says_how_many_and_exits_2(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--db", str(db)])
    assert result.exit_code == 2
    assert "[DT302]" in result.stderr and "broken.txt" in result.stderr
    assert "2 documents went in; 1 inputs rejected" in result.stderr
    assert "ingested 2 documents" in result.stdout
    with Store(db) as store:
        assert [d.id for d in store.documents()] == ["a.txt", "b.txt"]


def test_extract_writes_the_good_files_results_says_how_many_and_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["extract", str(_folder(tmp_path)), "--out", str(out), "--no-embeddings"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "2 documents went in; 1 inputs rejected" in result.stderr
    assert any(out.iterdir())
