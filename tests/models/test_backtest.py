"""Backtest on generated DEU-layout tables whose scores are known in advance."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.models import MODELS
from detente.models._common import weighted_median
from detente.models.backtest import backtest, parse_backtest_table

ACTORS = ("DE", "FR", "UK", "IT", "NL")


def _table(rows: list[dict[str, object]], sep: str = ",", extra: tuple[str, ...] = ()) -> str:
    header = ["id", "note", *extra]
    for actor in ACTORS:
        header += [f"p{actor}", f"s{actor}"]
    header += ["out", "rp"]
    lines = [sep.join(header)]
    for row in rows:
        lines.append(sep.join("" if row.get(h) is None else str(row.get(h)) for h in header))
    return "\n".join(lines) + "\n"


def _generated(seed: int, n_rows: int) -> tuple[list[dict[str, object]], list[float], list[float]]:
    """Rows whose outcome is exactly the weighted mean; also returns their medians."""
    rng = np.random.default_rng(seed)
    rows, means, medians = [], [], []
    for k in range(n_rows):
        x = rng.integers(0, 101, len(ACTORS)).astype(float)
        s = rng.integers(1, 101, len(ACTORS)).astype(float)
        mean = float(s @ x / s.sum())
        row: dict[str, object] = {"id": f"issue{k}", "note": "n", "out": repr(mean)}
        for actor, xi, si in zip(ACTORS, x, s, strict=True):
            row[f"p{actor}"], row[f"s{actor}"] = xi, si
        rows.append(row)
        means.append(mean)
        medians.append(weighted_median(x, s))
    return rows, means, medians


def test_exact_compromise_rows_score_zero_and_the_median_its_distance() -> None:
    rows, means, medians = _generated(1, 25)
    table = parse_backtest_table(_table(rows), "gen.csv")
    scores = backtest(table, ["compromise.v1", "median.v1"])
    assert scores["compromise.v1"].mae == pytest.approx(0.0, abs=1e-9)
    expected = np.abs(np.array(medians) - np.array(means))
    assert scores["median.v1"].mae == pytest.approx(expected.mean())
    assert scores["median.v1"].se == pytest.approx(expected.std(ddof=1) / np.sqrt(25))
    assert scores["median.v1"].n == 25
    assert scores["median.v1"].beats_compromise == 0.0


def test_unanimous_rows_cost_every_model_nothing() -> None:
    rows = []
    for k, common in enumerate([0, 17.5, 50, 100]):
        row: dict[str, object] = {"id": f"u{k}", "out": common}
        for actor in ACTORS:
            row[f"p{actor}"], row[f"s{actor}"] = common, 10 * (k + 1)
        rows.append(row)
    scores = backtest(parse_backtest_table(_table(rows, sep="\t"), "u.tsv"), ["bdm.v1", "nash.v1"])
    assert all(score.mae == pytest.approx(0.0, abs=1e-6) for score in scores.values())


def test_skipped_rows_blank_positions_weights_row_and_ignored_columns() -> None:
    rows: list[dict[str, object]] = [
        # weights row: leading cells blank, capabilities in the p columns
        {"pDE": 3, "pFR": 1, "pUK": 1, "pIT": 1, "pNL": 1},
        {"id": "a", "pDE": 0, "sDE": 50, "pFR": 100, "sFR": 50, "out": 25, "junk": "x"},
        {"id": "b", "pDE": 0, "sDE": 50, "pFR": 100, "sFR": 50},  # no outcome
        {"id": "c", "pUK": 40, "sUK": 0, "out": 40},  # nobody with weight
    ]
    text = _table(rows, extra=("junk",))
    weighted = parse_backtest_table(text, "w.csv", weights_row=True)
    assert weighted.skipped == 2
    assert len(weighted.cases) == 1
    assert backtest(weighted, ["compromise.v1"])["compromise.v1"].mae == pytest.approx(0.0)
    plain = parse_backtest_table(text, "w.csv")
    assert plain.skipped == 3  # the weights row now counts as a row without an outcome
    # Equal capabilities: the compromise is 50, 25 away from the outcome.
    assert backtest(plain, ["compromise.v1"])["compromise.v1"].mae == pytest.approx(25.0)


def test_capability_columns_override_the_default() -> None:
    text = "pA,sA,cA,pB,sB,cB,out\n0,50,3,100,50,1,25\n"
    table = parse_backtest_table(text, "c.csv")
    assert backtest(table, ["compromise.v1"])["compromise.v1"].mae == pytest.approx(0.0)


def test_cli_json_shape(tmp_path: Path) -> None:
    rows, _, _ = _generated(2, 6)
    rows.append({"id": "open"})
    path = tmp_path / "deu.csv"
    path.write_text(_table(rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["backtest", str(path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"models", "skipped"}
    assert document["skipped"] == 1
    assert set(document["models"]) == set(MODELS)
    for found in document["models"].values():
        assert found["n"] == 6
        assert {"mae", "se", "n", "beats_compromise"} <= set(found)
    assert document["models"]["compromise.v1"]["mae"] == pytest.approx(0.0, abs=1e-9)
    table = CliRunner().invoke(app, ["backtest", str(path), "--model", "median.v1"])
    assert table.exit_code == 0 and "median.v1" in table.stdout and "1 row skipped" in table.stdout


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("id,out\n1,50\n", "DT511"),
        ("pA,sA\n10,50\n", "DT510"),
        ("pA,sA,out\nten,50,40\n", "DT512"),
        ("pA,sA,out\n10,150,40\n", "DT512"),
        ("pA,sA,out\n10,50,\n", "DT513"),
        ("", "DT510"),
    ],
)
def test_bad_tables_are_coded_errors(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["backtest", str(path)])
    assert result.exit_code == 2
    assert f"[{code}]" in result.output
    assert "Traceback" not in result.output
