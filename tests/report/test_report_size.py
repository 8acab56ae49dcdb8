"""The flagship report is small enough to send by mail, names the bundle it embeds, and packs
every chart, the round-by-round, fan and tornado charts included, as data."""

from __future__ import annotations

import re
from pathlib import Path

from detente.io import load_scenario
from detente.report.embed import PACKED_ID, page_figures
from detente.report.render import CHART_TYPES, PLOTLY_BUNDLE, PLOTLY_VERSION

MAX_REPORT_BYTES = 1_500_000


def test_flagship_report_is_under_one_and_a_half_megabytes(
    flagship_report: Path, flagship_path: Path
) -> None:
    html = flagship_report.read_text(encoding="utf-8")
    assert flagship_report.stat().st_size < MAX_REPORT_BYTES
    assert f"plotly.js (basic - minified) v{PLOTLY_VERSION}" in html
    assert html.count(f'id="{PACKED_ID}"') == 1
    figures = page_figures(html)
    # Every chart element has its figure, and no figure lacks its element.
    elements = re.findall(r'<div class="chart" id="([^"]+)"[^>]*data-packed>', html)
    assert set(elements) == set(figures)
    used = {t.get("type", "scatter") for f in figures.values() for t in f["data"]}
    assert used and used <= CHART_TYPES
    issues = [i.id for i in load_scenario(flagship_path).issues]
    for kind in ("strip", "rounds", "fan", "tornado"):
        assert {f"{kind}-{i}" for i in issues} <= set(figures), kind


def test_vendored_bundle_carries_its_version_and_licence() -> None:
    assert PLOTLY_BUNDLE.name == f"plotly-basic-{PLOTLY_VERSION}.min.js"
    licence = PLOTLY_BUNDLE.with_name(f"plotly-basic-{PLOTLY_VERSION}.LICENSE")
    assert "MIT License" in licence.read_text(encoding="utf-8")
