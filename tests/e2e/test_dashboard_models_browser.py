"""End-to-end: the dashboard's issue page in headless Chromium, after a run of the models: the
table of every model's forecast, the round-by-round chart drawn, and its hover saying why a party
moved; on a phone the table fits and the panels are stacked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, CLIPPED_LABELS_JS, OVERFLOW_JS, Server, hover_round_point

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
ISSUE = "/s/ukraine_2025/issues/territory_recognition"

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)

from detente.web.app import create_app  # noqa: E402
from detente.workflows.options import MODEL_IDS  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("flagship") / "ukraine-2025"
    folder.mkdir()
    shutil.copy(FLAGSHIP, folder / "scenario.yaml")
    with Server(create_app([folder / "scenario.yaml"])) as running:
        yield running


def _open_and_run(browser: Any, server: Any, width: int) -> tuple[Any, list[str]]:
    """The issue page, with the forecasts re-run from its button (the panel is swapped in)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + ISSUE)
    page.evaluate("document.getElementById('panel').dataset.before = 'run'")
    page.click("#run-models")
    # the panel the run swapped in (a later test finds the earlier run's table on first load)
    page.wait_for_selector("#panel:not([data-before]) #by-model")
    page.wait_for_selector("#panel:not([data-before]) #rounds-chart .main-svg")
    return page, errors


def test_the_issue_page_shows_each_models_forecast_and_why_parties_moved(
    browser: Any, server: Any
) -> None:
    page, errors = _open_and_run(browser, server, 1280)
    rows = page.locator("#by-model tbody tr")
    assert [rows.nth(i).locator("code").inner_text() for i in range(rows.count())] == list(
        MODEL_IDS
    )
    bdm = page.locator("#model-bdm-v1").inner_text()
    assert "Bueno de Mesquita" in bdm and "⚠ beyond the red line of Ukraine" in bdm

    chart = page.locator("#rounds-chart")
    text = hover_round_point(
        page, "rounds-chart", "document.getElementById('rounds-chart')", "Ukraine"
    )
    assert text.startswith("Ukraine, round 1:")
    assert "United States challenged Ukraine" in text and "held at its red line" in text
    titles = chart.locator(".annotation-text").all_text_contents()
    assert [t.split(" →")[0] for t in titles] == ["bdm.v1", "exchange.v1", "smp.v1"]
    assert errors == []
    page.close()


def test_the_models_section_reads_on_a_phone(browser: Any, server: Any) -> None:
    page, errors = _open_and_run(browser, server, 390)
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the table fits the screen: nothing in it is hidden behind a sideways scroll
    table = page.evaluate(
        "(() => { const t = document.getElementById('by-model');"
        " return [t.scrollWidth, t.clientWidth]; })()"
    )
    assert table[0] <= table[1]
    page.locator("#rounds-chart").scroll_into_view_if_needed()
    assert page.evaluate(CLIPPED_LABELS_JS) == []
    # the three panels are stacked, each the chart's full width
    domains = page.evaluate(
        "(() => { const l = document.getElementById('rounds-chart')._fullLayout;"
        " return [l.yaxis.domain, l.yaxis2.domain, l.xaxis2.domain]; })()"
    )
    assert domains[1][1] < domains[0][0] and domains[2] == [0, 1]
    assert errors == []
    page.close()
