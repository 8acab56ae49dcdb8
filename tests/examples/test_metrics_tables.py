"""The README's extractor tables come from the committed metrics file, blind test first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METRICS = ROOT / "training" / "extraction" / "metrics.v3.json"


def test_the_tables_put_the_blind_split_first_and_repeat_its_scores() -> None:
    metrics = json.loads(METRICS.read_text(encoding="utf-8"))
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "metrics_tables.py"), str(METRICS)],
        capture_output=True,
        text=True,
        check=True,
    )
    headings = [line for line in done.stdout.splitlines() if line.startswith("### ")]
    assert headings == [
        f"### test ({metrics['test']['articles']} articles)",
        f"### dev ({metrics['dev']['articles']} articles)",
    ]
    overall = metrics["test"]["stance.v3"]
    assert f"| all | {overall['gold']:,} | {overall['predicted']:,} |" in done.stdout
    assert f"**{overall['f1']:.3f}** |" in done.stdout
    styles = metrics["test"]["per_style"]
    assert all(f"| {style} | {score['gold']:,} |" in done.stdout for style, score in styles.items())
