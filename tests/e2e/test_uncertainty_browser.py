"""End-to-end: the dashboard's Uncertainty page in headless Chromium (Debian's /usr/bin/chromium).

Start a small Monte Carlo run from the page's form, watch its progress bar, then read the fan
chart, the tornado chart and the robust/fragile labels the finished run shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, Server
from dashboard_fixtures import copy_sample

from detente.web.app import create_app

if not CHROMIUM.exists():
    pytest.skip(
        "end-to-end tests need Chromium at /usr/bin/chromium (Debian package `chromium`)",
        allow_module_level=True,
    )


def test_start_a_run_watch_its_progress_and_read_its_charts(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    with Server(create_app([sample])) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{server.url}/s/sample")
        page.click("nav.tabs a:has-text('Uncertainty')")
        page.wait_for_selector("#mc-none")
        assert page.is_hidden("#mc-progress-box")
        page.fill("input[name=draws]", "200")
        page.fill("input[name=seed]", "11")
        page.click("#mc-start")

        # The bar shows the draws done, then all 200 with the rate, before the results load.
        page.wait_for_selector("#mc-progress-box:not([hidden])")
        page.wait_for_function(
            "() => document.getElementById('mc-progress').value === 200"
            " && document.getElementById('mc-progress-text').textContent.includes('draws/s')"
        )
        assert "of 200 draws" in page.text_content("#mc-progress-text")

        page.wait_for_selector("#fan-harbour .main-svg", timeout=60_000)
        models = "compromise.v1%2Cmedian.v1%2Cnash.v1%2Cbdm.v1"
        assert page.url.endswith(f"draws=200&seed=11&models={models}")
        page.wait_for_selector("[id^=tornado-] .main-svg")
        fan_models = page.evaluate("() => document.getElementById('fan-harbour').data[0].y")
        assert len(fan_models) == 4 and all("robust" in y or "fragile" in y for y in fan_models), (
            fan_models
        )
        labels = page.locator(".mc-labels .label-robust, .mc-labels .label-fragile")
        assert labels.count() == 12  # four models on three issues, each labelled
        assert set(labels.all_text_contents()) <= {"robust", "fragile"}
        assert page.is_hidden("#mc-progress-box")

        local = f"{server.url}/"
        assert all(u.startswith(local) or u.startswith("data:") for u in requests)
        assert errors == []
        page.close()
