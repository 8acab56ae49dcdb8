"""The flagship report in headless Chromium: small enough to send, every chart drawn offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.report.render import CHART_TYPES
from detente.workflows.report import make_report

CHROMIUM = Path("/usr/bin/chromium")
MAX_REPORT_BYTES = 1_500_000

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield instance
        instance.close()


def test_flagship_report_is_small_and_draws_every_chart_offline(
    browser: Any, flagship_path: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    report = make_report(flagship_path, tmp_path / "report.html", docs=[seeds_dir])
    assert report.stat().st_size < MAX_REPORT_BYTES
    page = browser.new_page(viewport={"width": 390, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto(report.as_uri())
    page.wait_for_selector("#matrix-chart .main-svg")
    charts = page.locator("div.chart").count()
    drawn = page.evaluate("document.querySelectorAll('div.chart .main-svg').length / 2")
    traces = page.evaluate(
        "[...document.querySelectorAll('div.chart')]"
        ".flatMap(d => JSON.parse(d.dataset.figure).data.map(t => t.type || 'scatter'))"
    )
    assert errors == []
    assert charts > 10 and drawn >= charts
    assert set(traces) <= CHART_TYPES  # the vendored basic bundle draws every trace type used
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
    page.close()
