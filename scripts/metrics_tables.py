"""Print the Markdown tables of a training run's metrics file (the README's figures).

    python scripts/metrics_tables.py training/extraction/metrics.v3.json [--split test dev]

The blind test split comes first when the file has it. Per-issue scores are summarised (there
are about two hundred issues); the file itself has them all.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

SCORE = ("gold", "predicted", "precision", "recall", "f1")


def _row(name: str, score: dict[str, float]) -> str:
    gold, predicted, precision, recall, f1 = (score[k] for k in SCORE)
    return f"| {name} | {gold:,} | {predicted:,} | {precision:.3f} | {recall:.3f} | **{f1:.3f}** |"


def _table(title: str, rows: dict[str, dict[str, float]]) -> list[str]:
    head = [f"| {title} | gold | predicted | P | R | F1 |", "|---|---|---|---|---|---|"]
    return [*head, *(_row(name, score) for name, score in sorted(rows.items())), ""]


def split_tables(split: str, report: dict[str, object], step: str) -> list[str]:
    """Overall, per negotiation, style and stance, the per-issue summary and reliability."""
    out = [f"### {split} ({report['articles']} articles)", ""]
    out += _table(f"{split}, {step}", {"all": report[step]})  # type: ignore[dict-item]
    for group in ("per_negotiation", "per_style", "per_stance"):
        if group in report:  # files written before a breakdown existed lack it
            out += _table(f"{split}, {group.replace('_', ' ')}", report[group])  # type: ignore[arg-type]
    issues: dict[str, dict[str, float]] = report.get("per_issue", {})  # type: ignore[assignment]
    f1s = [s["f1"] for s in issues.values() if s["gold"] > 0]
    if f1s:
        out.append(
            f"Per issue ({len(f1s)} issues with gold tuples): median F1 "
            f"{statistics.median(f1s):.3f}, {sum(f >= 0.7 for f in f1s)} at 0.7 or more, "
            f"{sum(f == 0 for f in f1s)} at 0."
        )
    out += ["", "| confidence bin | claims | mean confidence | precision |", "|---|---|---|---|"]
    for row in report["reliability"]:  # type: ignore[attr-defined]
        out.append(
            f"| {row['bin']} | {row['claims']} | {row['mean_confidence']} | {row['precision']} |"
        )
    return [*out, ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("metrics", type=Path)
    parser.add_argument("--split", nargs="+", default=["test", "dev"])
    args = parser.parse_args()
    metrics = json.loads(args.metrics.read_text(encoding="utf-8"))
    step = metrics.get("version", "stance.v3")
    for split in args.split:
        if split in metrics:
            print("\n".join(split_tables(split, metrics[split], step)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
