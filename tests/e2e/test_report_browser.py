"""The flagship report in headless Chromium: small enough to send, every chart drawn offline,
the round-by-round hover saying why a party moved, the tornado's model menu working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from browser_support import (
    CHROMIUM,
    CLIPPED_LABELS_JS,
    MATRIX_LABELS_JS,
    OVERFLOW_JS,
    hover_round_point,
    overlapping,
)

from detente.deals.pair import pair_frontier
from detente.io import load_scenario
from detente.report.render import CHART_TYPES

MAX_REPORT_BYTES = 1_500_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)


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
    text = hover_round_point(
        page,
        "rounds-territory_recognition",
        "window.detenteFigures['rounds-territory_recognition']",
        "Ukraine",
    )
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

    def shown(button: dict[str, Any]) -> list[str]:  # a wrapped label reads without its <br>
        return [t.replace("<br>", "") for t in button["args"][1]["yaxis.ticktext"]]

    assert ticks() == shown(buttons[0])
    chart.locator(".updatemenu-header").click()
    chart.locator(".updatemenu-dropdown-button").nth(1).click()
    page.wait_for_function(
        "document.querySelector('#tornado-black_sea .updatemenu-header').textContent"
        f" === {buttons[1]['label']!r}"
    )
    assert ticks() == shown(buttons[1])
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


EXPLORED = [
    (("russia", "ukraine"), None, False),
    (("russia", "ukraine"), None, True),  # blocked on the recognition of the annexed regions
    (("russia", "ukraine"), "all but recognition", True),
    (("us", "europe"), None, False),
    (("ukraine", "us"), ("nato_membership", "security_guarantees", "minerals_deal"), False),
]


def test_the_reports_explorer_computes_what_python_computes(
    browser: Any, flagship_report: Path, flagship_path: Path
) -> None:
    """The report's script merges the same integers in the same order as pair_frontier: the
    same frontier packages, utilities and bargaining solutions for any pair and issue set."""
    flagship = load_scenario(flagship_path)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(flagship_report.as_uri())
    page.wait_for_selector("#explorer-chart .main-svg")
    for pair, issues, respects in EXPLORED:
        if issues == "all but recognition":
            issues = tuple(i.id for i in flagship.issues if i.id != "territory_recognition")
        found = pair_frontier(flagship, pair, issues, respects=respects)
        chosen = list(found.space.issues)
        got = page.evaluate(
            "([p, i, r]) => detenteExplore(p, i, r)", [list(pair), chosen, respects]
        )
        assert [row["pkg"] for row in got["rows"]] == found.frontier.packages.tolist(), pair
        utilities = np.array([[row["x"], row["y"]] for row in got["rows"]]).reshape(-1, 2)
        np.testing.assert_allclose(utilities, found.frontier.utilities, atol=1e-12)
        assert got["points"] == ({} if not len(found.frontier) else found.points)
        assert got["blocked"] == (
            [
                "Recognition of the annexed regions: Russia's red line allows nothing below 75 and "
                "Ukraine's nothing above 25."
            ]
            if respects and not len(found.frontier)
            else []
        )
    assert errors == []
    page.close()


def test_the_reports_explorer_answers_its_controls_and_hovers_the_terms(
    browser: Any, flagship_report: Path
) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(flagship_report.as_uri())
    page.wait_for_selector("#explorer-chart .main-svg")
    summary = page.locator("#explorer-summary")
    assert summary.inner_text().startswith("Russia and Ukraine over 20 issues: ")
    page.locator("#explorer-chart").scroll_into_view_if_needed()
    point = page.locator("#explorer-chart .scatterlayer .trace").first.locator(".point").nth(20)
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#explorer-chart .hoverlayer .hovertext")
    hover = page.locator("#explorer-chart .hoverlayer").text_content() or ""
    assert "Package on the frontier" in hover and "Recognition of the annexed regions: " in hover
    assert "crosses a red line of" in hover or "within every red line" in hover
    page.check("#explorer-form input[name=respects]")
    assert "no package stays within every party's red lines" in summary.inner_text()
    assert page.locator("#explorer-blocked").is_visible()
    page.click("#explorer-form summary")
    page.uncheck("#explorer-form input[value=territory_recognition]")
    assert summary.inner_text().startswith("Russia and Ukraine over 19 issues: ")
    assert "counting only packages within every party's red lines" in summary.inner_text()
    page.select_option("#explorer-form select[name=pair]", "us:europe")
    assert summary.inner_text().startswith("United States and European supporters")
    x_title = page.locator("#explorer-chart .xtitle").text_content()
    assert x_title == "utility of United States"
    page.close()


def _all_drawn(page: Any) -> None:
    page.wait_for_function(
        "document.querySelectorAll('div.chart .main-svg').length"
        " >= 2 * document.querySelectorAll('div.chart').length"
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_no_chart_label_is_clipped_and_the_page_fits_the_screen(
    browser: Any, flagship_report: Path, width: int
) -> None:
    """At 390 px (a phone) the matrix's issue names, the strips' scale words and the party
    names under the axes once ran out of their charts, and the page scrolled sideways."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(flagship_report.as_uri())
    _all_drawn(page)
    assert page.evaluate(CLIPPED_LABELS_JS) == []
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


def test_the_matrix_reads_on_a_phone(browser: Any, flagship_report: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(flagship_report.as_uri())
    page.wait_for_selector("#matrix-chart .main-svg")
    found = page.evaluate(MATRIX_LABELS_JS, "matrix-chart")
    labels = found["x"] + found["y"]
    assert len(found["y"]) == 20 and len(found["x"]) == 4
    assert min(label["size"] for label in labels) >= 11
    assert overlapping(found["x"]) == [] and overlapping(found["y"]) == []
    assert found["plot"]["w"] >= 180  # the dots get half the screen, the names the rest
    assert found["bar"]["t"] >= found["plot"]["b"]  # the colour bar sits under the plot
    page.close()


def test_the_matrix_hover_gives_the_scales_words(browser: Any, flagship_report: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(flagship_report.as_uri())
    page.wait_for_selector("#matrix-chart .main-svg")
    chart = page.locator("#matrix-chart")
    chart.scroll_into_view_if_needed()
    box = chart.locator(".scatterlayer .point").first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#matrix-chart .hoverlayer .hovertext")
    hover = page.locator("#matrix-chart .hoverlayer").text_content() or ""
    words = "".join(hover.split())  # the hover's lines join without a space
    assert "UnitedStatesonEnergy-strikemoratorium" in words
    assert "thescale'smarkforamonitoredmoratoriumthatbothsideskeep" in words
    assert not set("“”\"'") & set(hover.replace("Ukraine's", "").replace("scale's", ""))
    page.close()


FIRST_CHART_ALONE = """
window.__drawnWithFirst = null;
new MutationObserver(() => {
  if (window.__drawnWithFirst === null && document.querySelector('.chart .main-svg')) {
    window.__drawnWithFirst = [...document.querySelectorAll('div.chart')]
      .filter(d => d.querySelector('.main-svg')).map(d => d.id);
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_the_first_chart_is_drawn_before_the_others(browser: Any, flagship_report: Path) -> None:
    """All 24 charts were drawn in one go before any showed (about 2 s under load); now the
    first is drawn alone and the others as they near the screen or when the page is idle."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(FIRST_CHART_ALONE)
    page.goto(flagship_report.as_uri())
    page.wait_for_function("window.__drawnWithFirst !== null")
    assert page.evaluate("window.__drawnWithFirst") == ["matrix-chart"]
    _all_drawn(page)
    page.close()
