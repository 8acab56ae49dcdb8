"""``detente extract --workers/--scheduler`` reach the Dask workflow (its results:
tests/workflows/test_extract_dask.py)."""

from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app

BRIEF = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "briefs")
runner = CliRunner()


def test_extract_over_dask_without_a_scenario_is_coded(tmp_path: Path) -> None:
    out = runner.invoke(app, ["extract", BRIEF, "--workers", "2", "--out", str(tmp_path)])
    assert out.exit_code == 2
    assert "DT415" in out.output
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_extract_with_an_unreachable_scheduler_is_coded(tmp_path: Path) -> None:
    scenario = str(Path(BRIEF).parent / "scenario.yaml")
    out = runner.invoke(
        app,
        [
            "extract",
            BRIEF,
            "--scenario",
            scenario,
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--out",
            str(tmp_path),
        ],
    )
    assert out.exit_code == 2, out.output
    assert "DT416" in out.output
    assert not list(tmp_path.iterdir())
