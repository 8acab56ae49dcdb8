"""The flagship report in headless Chromium: small enough to send, every chart drawn offline,
the round-by-round hover saying why a party moved, the tornado's model menu working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.io import load_scenario
from detente.report.render import CHART_TYPES

CHROMIUM = Path("/usr/bin/chromium")
MAX_REPORT_BYTES = 1_500_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield instance
        instance.close()


def _open(browser: Any, report: Path, width: int) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-charts=drawn]", timeout=60_000)
    return page, errors, requests


def test_flagship_report_is_small_and_draws_every_chart_offline(
    browser: Any, flagship_report: Path, flagship_path: Path
) -> None:
    assert flagship_report.stat().st_size < MAX_REPORT_BYTES
    page, errors, requests = _open(browser, flagship_report, 390)
    charts = page.locator("div.chart").count()
    drawn = page.evaluate(
        "[...document.querySelectorAll('div.chart')].filter(d => d.querySelector('.main-svg'))"
        ".length"
    )
    traces = page.evaluate(
        "Object.values(window.detenteFigures).flatMap(f => f.data.map(t => t.type || 'scatter'))"
    )
    assert errors == []
    assert charts > 80 and drawn == charts
    assert set(traces) <= CHART_TYPES  # the vendored basic bundle draws every trace type used
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
    issues = [i.id for i in load_scenario(flagship_path).issues]
    for kind in ("rounds", "fan", "tornado"):
        lines = page.evaluate(
            f"[...document.querySelectorAll('div.chart[id^={kind}-]')]"
            ".map(d => d.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length)"
        )
        assert len(lines) == len(issues) and all(n > 0 for n in lines), kind
    # on a phone the round-by-round panels are stacked, not squeezed side by side
    domains = page.evaluate(
        "(() => { const l = document.getElementById('rounds-black_sea')._fullLayout;"
        " return [l.yaxis.domain, l.yaxis2.domain, l.xaxis2.domain]; })()"
    )
    assert domains[1][1] < domains[0][0] and domains[2] == [0, 1]
    page.close()


def test_hovering_a_round_says_who_challenged_whom(browser: Any, flagship_report: Path) -> None:
    page, errors, _ = _open(browser, flagship_report, 1100)
    chart = page.locator("#rounds-territory_recognition")
    chart.scroll_into_view_if_needed()
    trace = page.evaluate(
        "window.detenteFigures['rounds-territory_recognition'].data"
        ".findIndex(t => t.xaxis === 'x' && t.name === 'Ukraine')"
    )
    point = chart.locator(".scatterlayer .trace").nth(trace).locator("path.point").nth(1)
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = chart.locator(".hoverlayer .hovertext")
    label.wait_for(timeout=5_000)
    text = label.text_content() or ""
    assert text.startswith("Ukraine, round 1: 25 (was 0)")
    assert "United States challenged Ukraine" in text and "held at its red line" in text
    # the panel title says the forecast lies beyond Ukraine's red line
    side_by_side = page.evaluate(
        "(() => { const l = document.getElementById('rounds-territory_recognition')._fullLayout;"
        " return l.xaxis.domain[1] < l.xaxis2.domain[0]; })()"
    )
    assert side_by_side
    titles = chart.locator(".annotation-text").all_text_contents()
    assert any("bdm.v1" in t for t in titles) and any("⚠ Ukraine" in t for t in titles)
    assert errors == []
    page.close()


def test_the_tornado_menu_shows_another_models_inputs(browser: Any, flagship_report: Path) -> None:
    page, errors, _ = _open(browser, flagship_report, 1100)
    chart = page.locator("#tornado-black_sea")
    chart.scroll_into_view_if_needed()
    figure = page.evaluate("window.detenteFigures['tornado-black_sea']")
    buttons = figure["layout"]["updatemenus"][0]["buttons"]
    assert len(buttons) >= 2

    def ticks() -> list[str]:
        return page.evaluate(
            "[...document.querySelectorAll('#tornado-black_sea .ytick')].map(e => e.textContent)"
        )

    assert ticks() == buttons[0]["args"][1]["yaxis.ticktext"]
    chart.locator(".updatemenu-header").click()
    chart.locator(".updatemenu-dropdown-button").nth(1).click()
    page.wait_for_function(
        "document.querySelector('#tornado-black_sea .updatemenu-header').textContent"
        f" === {buttons[1]['label']!r}"
    )
    assert ticks() == buttons[1]["args"][1]["yaxis.ticktext"]
    fan = page.evaluate(
        "[...document.querySelectorAll('#fan-black_sea .ytick')].map(e => e.textContent)"
    )
    assert fan and all(t.endswith("· robust") or t.endswith("· fragile") for t in fan)
    assert errors == []
    page.close()


def test_screenshot_of_one_issue_round_by_round(browser: Any, flagship_report: Path) -> None:
    """docs/screenshots/report-rounds.png for the README: the charts hold no article text."""
    page, errors, _ = _open(browser, flagship_report, 1280)
    top = page.locator("#rounds-territory_recognition").bounding_box()
    bottom = page.locator("#tornado-territory_recognition").bounding_box()
    page.evaluate(f"window.scrollTo(0, {top['y'] - 60})")
    top = page.locator("#rounds-territory_recognition").bounding_box()
    bottom = page.locator("#tornado-territory_recognition").bounding_box()
    height = bottom["y"] + bottom["height"] - top["y"] + 50
    page.set_viewport_size({"width": 1280, "height": int(height) + 200})
    page.evaluate(f"window.scrollTo(0, window.scrollY + {top['y'] - 50})")
    box = page.locator("#rounds-territory_recognition").bounding_box()
    path = SCREENSHOTS / "report-rounds.png"
    page.screenshot(
        path=str(path), clip={"x": 0, "y": box["y"] - 40, "width": 1280, "height": height}
    )
    assert errors == [] and path.stat().st_size > 10_000
    page.close()
