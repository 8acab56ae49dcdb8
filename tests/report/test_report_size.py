"""The flagship report is small enough to send by mail and names the bundle it embeds."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from detente.report.render import CHART_TYPES, PLOTLY_BUNDLE, PLOTLY_VERSION
from detente.workflows.report import make_report

MAX_REPORT_BYTES = 1_500_000


def test_flagship_report_is_under_one_and_a_half_megabytes(
    flagship_path: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    out = make_report(flagship_path, tmp_path / "report.html", docs=[seeds_dir])
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_size < MAX_REPORT_BYTES
    assert f"plotly.js (basic - minified) v{PLOTLY_VERSION}" in html
    # Single-quoted attributes: tojson escapes ' < > & itself, so the JSON needs no entities.
    figures = [json.loads(unescape(m)) for m in re.findall(r"data-figure='([^']*)'", html)]
    used = {t.get("type", "scatter") for f in figures for t in f["data"]}
    assert used and used <= CHART_TYPES


def test_vendored_bundle_carries_its_version_and_licence() -> None:
    assert PLOTLY_BUNDLE.name == f"plotly-basic-{PLOTLY_VERSION}.min.js"
    licence = PLOTLY_BUNDLE.with_name(f"plotly-basic-{PLOTLY_VERSION}.LICENSE")
    assert "MIT License" in licence.read_text(encoding="utf-8")
