import json
from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app

FLAGSHIP = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml")
runner = CliRunner()


def test_mc_json_reports_quantiles_labels_and_zone() -> None:
    out = runner.invoke(app, ["mc", FLAGSHIP, "--draws", "20", "-m", "median.v1", "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    black_sea = doc["forecasts"]["median.v1"]["black_sea"]
    q = black_sea["quantiles"]
    assert q["q05"] <= q["q50"] <= q["q95"]
    assert black_sea["label"] in ("robust", "fragile")
    assert sum(black_sea["histogram"]["counts"]) == 20
    assert 0.0 <= doc["deals"]["p_zone_empty"] <= 1.0


def test_whatif_moves_the_forecast_it_touches() -> None:
    out = runner.invoke(
        app,
        [
            "whatif",
            FLAGSHIP,
            "--set",
            "russia.salience.black_sea=5",
            "-m",
            "compromise.v1",
            "--json",
        ],
    )
    assert out.exit_code == 0, out.output
    shift = json.loads(out.stdout)["forecasts"]["compromise.v1"]["black_sea"]["shift"]
    assert shift != 0.0


def test_whatif_bad_path_is_coded() -> None:
    out = runner.invoke(app, ["whatif", FLAGSHIP, "--set", "nobody.capability=3"])
    assert out.exit_code == 2
    assert "DT606" in out.output


def test_sensitivity_ranks_inputs_by_swing() -> None:
    out = runner.invoke(app, ["sensitivity", FLAGSHIP, "-m", "median.v1", "--top", "3", "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["tornado"]["median.v1"]["black_sea"]
    swings = [r["swing"] for r in rows]
    assert swings == sorted(swings, reverse=True) and len(rows) <= 3


def _forecasts(args: list[str]) -> dict:
    out = runner.invoke(app, ["mc", FLAGSHIP, "--draws", "60", "-m", "bdm.v1", "--json", *args])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_mc_backends_from_the_command_line_agree() -> None:
    serial = _forecasts(["--backend", "serial"])
    assert _forecasts(["--backend", "processes", "--workers", "2"]) == serial
    assert _forecasts(["--workers", "2"]) == serial  # a local Dask cluster
    assert serial["models"] == ["bdm.v1"]


def test_mc_deal_draws_report_the_nash_package() -> None:
    doc = _forecasts(["--deal-draws", "1"])
    nash = doc["deals"]["nash_package"]
    assert nash["draws"] == 1 and 0.0 <= nash["p_same_as_base"] <= 1.0
    assert set(nash["base"]) == set(nash["p_same_by_issue"])


def test_mc_conflicting_backend_options_are_coded() -> None:
    for args in (
        ["--backend", "serial", "--workers", "3"],
        ["--backend", "processes", "--scheduler", "tcp://127.0.0.1:1"],
        ["--backend", "threads"],
        ["--workers", "0"],
    ):
        out = runner.invoke(app, ["mc", FLAGSHIP, "--draws", "5", *args])
        assert out.exit_code == 2, args
        assert "DT605" in out.output


def test_mc_unreachable_scheduler_is_coded() -> None:
    args = ["mc", FLAGSHIP, "--draws", "5", "--scheduler", "tcp://127.0.0.1:9"]
    out = runner.invoke(app, args)
    assert out.exit_code == 2
    assert "DT605" in out.output and "scheduler" in out.output
