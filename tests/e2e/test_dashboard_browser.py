"""End-to-end: the dashboard and the report in headless Chromium (Debian's /usr/bin/chromium).

A uvicorn server runs in a thread on 127.0.0.1 and a free port. The tests load the dashboard,
edit a position, re-run the forecasts, watch the chart change, and check that no request left
127.0.0.1. They also write the screenshots the README shows into docs/screenshots/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMIUM,
    CLIPPED_LABELS_JS,
    MATRIX_LABELS_JS,
    OVERFLOW_JS,
    Server,
    overlapping,
)
from dashboard_fixtures import copy_sample, hostile_sample

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
FLAGSHIP = REPO / "examples" / "ukraine-2025" / "scenario.yaml"

if not CHROMIUM.exists():
    pytest.skip(
        "end-to-end tests need Chromium at /usr/bin/chromium (Debian package `chromium`; "
        "`make system-deps` installs it)",
        allow_module_level=True,
    )

from detente.io import load_scenario  # noqa: E402
from detente.web.app import create_app  # noqa: E402
from detente.workflows.report import make_report  # noqa: E402


def _watch(page: Any) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def _drawn(page: Any) -> None:
    page.wait_for_function(
        "() => { const el = document.getElementById('strip-chart');"
        " return el && el.data && el.data.length > 0; }"
    )


def _forecast(page: Any, model: str) -> float:
    _drawn(page)
    return float(
        page.evaluate(
            """(model) => document.getElementById('strip-chart').data
               .find(t => t.meta && t.meta.forecast === model).x[0]""",
            model,
        )
    )


def _marker(page: Any, name: str) -> float:
    _drawn(page)
    return float(
        page.evaluate(
            """(name) => document.getElementById('strip-chart').data
               .find(t => t.name === name).x[0]""",
            name,
        )
    )


def test_edit_rerun_and_see_the_chart_change(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    with Server(create_app([sample])) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests = _watch(page)
        page.goto(f"{server.url}/s/sample")
        page.wait_for_selector("#matrix-chart .main-svg")
        page.click("a:has-text('Harbour access')")
        page.wait_for_selector("#strip-chart .main-svg")
        page.click("#run-models")
        page.wait_for_selector("#forecast-badge:has-text('forecasts from version 1')")
        before = _forecast(page, "compromise.v1")
        assert _marker(page, "Southland") == 40

        page.fill("input[aria-label='position of Southland']", "0")
        page.click("#row-southland button[type=submit]")
        page.wait_for_selector("#panel[data-version='2']")
        assert _marker(page, "Southland") == 0  # the position moved at once
        assert page.is_visible("text=edited since: re-run")

        page.click("#run-models")
        page.wait_for_selector("#forecast-badge:has-text('forecasts from version 2')")
        after = _forecast(page, "compromise.v1")
        assert after < before  # Southland asking for less pulls the compromise down
        assert load_position(sample) == 0

        page.click("text=History")
        page.click("#undo")
        page.wait_for_selector("text=undo: back to version 1")
        assert load_position(sample) == 40

        local = f"{server.url}/"
        assert requests and all(u.startswith(local) or u.startswith("data:") for u in requests), [
            u for u in requests if not u.startswith(local)
        ]
        page.close()


def load_position(path: Path) -> float:
    position = load_scenario(path).position("southland", "harbour")
    assert position is not None
    return position.position


def test_search_and_link_evidence_twice_in_a_row(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    with Server(create_app([sample])) as server:
        page = browser.new_page()
        requests = _watch(page)
        page.goto(f"{server.url}/s/sample/corpus")
        page.fill("input[name=q]", "quota")
        page.click("form >> text=Search")
        page.wait_for_selector("form.link-evidence")
        forms = page.locator("form.link-evidence")
        assert forms.count() >= 2
        for index in range(2):
            form = forms.nth(index)
            form.locator("select[name=actor]").select_option("southland")
            form.locator("select[name=issue]").select_option("quota")
            form.locator("button").click()
            page.wait_for_selector(f"#messages:has-text('version {index + 2}')")
        position = load_scenario(sample).position("southland", "quota")
        assert position is not None and len(position.evidence) == 3
        assert all(u.startswith(f"{server.url}/") or u.startswith("data:") for u in requests)
        page.close()


def test_payloads_do_not_run_in_the_browser(browser: Any, tmp_path: Path) -> None:
    path = hostile_sample(tmp_path / "case")
    with Server(create_app([path])) as server:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ("/s/sample", "/s/sample/issues/harbour", "/s/sample/corpus?q=wrote"):
            page.goto(server.url + url)
            page.wait_for_load_state("networkidle")
        assert dialogs == []
        assert (
            page.locator("blockquote.quote")
            .first.inner_text()
            .startswith("The mediator wrote <script>")
        )
        page.close()


def _scenario_for_screenshots(tmp_path: Path) -> tuple[Path, list[Path]]:
    """The flagship, else the invented sample. The seed articles are left out on purpose: their
    sentences belong to their publishers and must not end up in the repository, not even as
    pixels; the report then shows citations with character offsets instead of quotes."""
    if FLAGSHIP.is_file():
        target = tmp_path / "ukraine-2025"
        target.mkdir()
        shutil.copy(FLAGSHIP, target / "scenario.yaml")
        return target / "scenario.yaml", []
    return copy_sample(tmp_path / "case"), []


def test_screenshots_of_the_dashboard_and_the_report(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fixed build time keeps the committed PNGs byte-identical from one run to the next.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    scenario, docs = _scenario_for_screenshots(tmp_path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with Server(create_app([scenario], docs=tuple(docs))) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        requests = _watch(page)
        index = page.goto(f"{server.url}/index.json")
        sid = index.json()["scenarios"][0]["id"] if index else "sample"
        page.goto(f"{server.url}/s/{sid}")
        page.click("#run-all")
        page.wait_for_selector("#analysis-panel table.data")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"))
        first_issue = page.locator("table.data a").first
        first_issue.click()
        page.wait_for_selector("#strip-chart .main-svg")
        page.screenshot(path=str(SCREENSHOTS / "dashboard-issue.png"))
        assert all(u.startswith(f"{server.url}/") or u.startswith("data:") for u in requests)
        page.close()

    report = make_report(scenario, tmp_path / "report.html", docs=docs)
    page = browser.new_page(viewport={"width": 1280, "height": 1700})
    requests = _watch(page)
    page.goto(report.as_uri())
    page.wait_for_selector("#matrix-chart .main-svg")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "report.png"))
    page.locator("#strips").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "report-issues.png"), clip=_clip(page, "#strips", 1500))
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
    page.close()
    for name in ("dashboard.png", "dashboard-issue.png", "report.png", "report-issues.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000


def _clip(page: Any, selector: str, height: int) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    return {"x": 0, "y": box["y"] - 20, "width": 1280, "height": height}


def test_the_flagship_overview_and_deals_read_on_a_phone(browser: Any, tmp_path: Path) -> None:
    """390 px wide: the page does not scroll sideways, no chart label is cut off, and the
    matrix's names neither overlap nor squeeze the dots out."""
    folder = tmp_path / "ukraine-2025"
    folder.mkdir()
    shutil.copy(FLAGSHIP, folder / "scenario.yaml")
    with Server(create_app([folder / "scenario.yaml"])) as server:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in ("/s/ukraine_2025", "/s/ukraine_2025/deals?respects=1&issues=nato_membership"):
            page.goto(server.url + path)
            page.wait_for_selector(".chart .main-svg")
            assert page.evaluate(OVERFLOW_JS) == [], path
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            assert page.evaluate(CLIPPED_LABELS_JS) == [], path
        page.goto(server.url + "/s/ukraine_2025")
        page.wait_for_selector("#matrix-chart .main-svg")
        found = page.evaluate(MATRIX_LABELS_JS, "matrix-chart")
        assert len(found["y"]) == 20 and min(b["size"] for b in found["x"] + found["y"]) >= 11
        assert overlapping(found["x"]) == [] and overlapping(found["y"]) == []
        assert found["plot"]["w"] >= 180
        page.close()
