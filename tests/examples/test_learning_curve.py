"""The cross-encoder's learning curve is kept by its training script, not merged by hand."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from train_cross_encoder import _with_curve_point  # noqa: E402


def _run(share: float, articles: int, f1: float) -> dict[str, object]:
    score = {"gold": 100, "predicted": 50, "precision": 0.6, "recall": 0.3, "f1": f1}
    return {
        "share": share,
        "training_articles": articles,
        "training_pairs": articles * 20,
        "threads": 2,
        "prune": 0.25,
        "blend": 0.5,
        "dev": {"stance.v3": score},
        "dev_grid": {"prune 0.25 blend 1.0": {**score, "f1": f1 - 0.05}},
    }


def test_a_curve_point_joins_the_points_of_its_train_split_and_drops_older_ones(
    tmp_path: Path,
) -> None:
    metrics = tmp_path / "metrics.v3.json"
    older = _run(1.0, 956, 0.49)
    older["learning_curve_dev"] = {"100%": {"train_split_articles": 956, "dev": {"f1": 0.49}}}
    metrics.write_text(json.dumps(older))
    # a quarter of the new 1,579-article split, written as a point into the shipped file
    quarter = _run(0.25, 395, 0.44)
    shipped = json.loads(metrics.read_text())
    written = _with_curve_point(shipped, quarter, shipped, 1579)
    assert written["dev"] == older["dev"], "a curve point must not change the shipped scores"
    assert list(written["learning_curve_dev"]) == ["25%"]  # the 956-article point is gone
    assert written["learning_curve_dev"]["25%"]["dev"]["f1"] == 0.44
    assert written["learning_curve_dev"]["25%"]["dev_cross_encoder_alone"]["f1"] == 0.39
    metrics.write_text(json.dumps(written))
    # then the full run ships: the quarter stays, in order of the share
    full = _run(1.0, 1579, 0.52)
    previous = json.loads(metrics.read_text())
    curve = _with_curve_point(previous, full, full, 1579)["learning_curve_dev"]
    assert list(curve) == ["25%", "100%"]
    assert [p["training_articles"] for p in curve.values()] == [395, 1579]
