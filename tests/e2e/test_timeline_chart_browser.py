"""The position-over-time chart of a drafted scenario's report, drawn in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM
from typer.testing import CliRunner

from detente.cli import app
from detente.report.timeline_chart import CHART_ID
from detente.workflows.report import make_report

TRADE = Path(__file__).resolve().parents[1] / "fixtures" / "trade"

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)


def test_each_point_shows_the_claims_behind_it_on_hover(browser: Any, tmp_path: Path) -> None:
    out, db = tmp_path / "draft.yaml", tmp_path / "c.db"
    articles = [str(p) for p in sorted(TRADE.glob("*.md"))]
    result = CliRunner().invoke(app, ["init", *articles, "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    report = make_report(out, tmp_path / "report.html", corpus=db, unreviewed=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(report.as_uri())
    chart = f"#{CHART_ID}-tariff_cuts"
    page.wait_for_selector(f"{chart} .main-svg")
    lines = page.locator(f"{chart} .scatterlayer .trace").count()
    assert lines >= 2  # a line per party that spoke to tariffs
    page.locator(f"{chart} .scatterlayer .point").first.hover(force=True)
    page.wait_for_selector(f"{chart} .hovertext")
    hover = page.locator(f"{chart} .hovertext").first.text_content() or ""
    assert "Lower tariffs" in hover and "“" in hover and ".md)" in hover
    assert errors == []
    page.close()
