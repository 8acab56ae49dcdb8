"""``detente ingest --workers/--scheduler`` reach the Dask workflow (its results:
tests/workflows/test_ingest_dask.py)."""

from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app

BRIEFS = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "briefs")
runner = CliRunner()


def test_ingest_with_no_workers_is_coded(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    out = runner.invoke(app, ["ingest", BRIEFS, "--db", str(db), "--workers", "0"])
    assert out.exit_code == 2, out.output
    assert "DT317" in out.output and not db.exists()  # nothing half-written


def test_ingest_with_an_unreachable_scheduler_is_coded(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    out = runner.invoke(
        app, ["ingest", BRIEFS, "--db", str(db), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert out.exit_code == 2, out.output
    assert "DT416" in out.output and not db.exists()


def test_ingest_over_two_workers_stores_the_briefs(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    out = runner.invoke(app, ["ingest", BRIEFS, "--db", str(db), "--workers", "2"])
    assert out.exit_code == 0, out.output
    assert "ingested 5 documents" in out.output
