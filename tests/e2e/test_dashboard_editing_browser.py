"""End-to-end in headless Chromium: a save refused with 409 keeps what was typed, search hits
are highlighted, and any version can be restored from the history."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, Server
from dashboard_fixtures import copy_sample

from detente.io import load_scenario
from detente.web.app import create_app

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)


def _post(url: str, fields: dict[str, str]) -> dict[str, Any]:
    """A save made by someone else (another tab, another tool) while the page is open."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        found: dict[str, Any] = json.loads(response.read())
        return found


def _local_only(requests: list[str], server: Server) -> bool:
    return all(u.startswith(f"{server.url}/") or u.startswith("data:") for u in requests)


def test_the_typed_value_survives_a_409(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    with Server(create_app([sample])) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{server.url}/s/sample/issues/harbour")
        page.wait_for_selector("#strip-chart .main-svg")
        saved = _post(
            f"{server.url}/s/sample/positions/northland/harbour", {"version": "1", "salience": "77"}
        )
        assert saved["version"] == 2

        row = page.locator("#row-southland")
        row.locator("input[name=position]").fill("33")
        row.locator("input[name=note]").fill("said on Tuesday")
        row.locator("button[type=submit]").first.click()
        page.wait_for_selector("#messages .error")
        assert "409" in page.inner_text("#messages")
        page.wait_for_selector("#panel[data-version='2'] .draft")
        row = page.locator("#row-southland")
        assert row.locator("input[name=position]").input_value() == "33"
        assert row.locator("input[name=note]").input_value() == "said on Tuesday"
        assert row.locator("form.edit-position input[name=version]").input_value() == "2"
        assert load_scenario(sample).position("southland", "harbour").position == 40  # type: ignore[union-attr]

        row.locator("button[type=submit]").first.click()
        page.wait_for_selector("#panel[data-version='3']")
        saved_position = load_scenario(sample).position("southland", "harbour")
        assert saved_position is not None
        assert (saved_position.position, saved_position.note) == (33, "said on Tuesday")
        assert load_scenario(sample).position("northland", "harbour").salience == 77  # type: ignore[union-attr]
        assert page.locator(".draft").count() == 0
        assert _local_only(requests, server)
        page.close()


def test_search_hits_are_highlighted(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    article = sample.parent / "sources" / "fishing-quota.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "A cease-fire on the water, then a ceasefire.\n",
        encoding="utf-8",
    )
    with Server(create_app([sample])) as server:
        page = browser.new_page()
        page.goto(f"{server.url}/s/sample/corpus")
        page.fill("input[name=q]", "cease-fire")
        page.click("form.search-form button[type=submit]")
        page.wait_for_selector("#results mark")
        marks = page.locator("#results blockquote mark").all_inner_texts()
        assert marks == ["cease-fire", "ceasefire"]
        assert "cease-fire" in page.url  # the search is in the address, to share or reload
        page.select_option("select[name=outlet]", "Lakeside Courier")
        page.click("form.search-form button[type=submit]")
        page.wait_for_selector("#results p.na")
        assert page.locator("#results blockquote").count() == 0
        page.close()


def test_restore_an_earlier_version_from_the_history(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    original = sample.read_text(encoding="utf-8")
    with Server(create_app([sample])) as server:
        for version, salience in ((1, "11"), (2, "12")):
            _post(
                f"{server.url}/s/sample/positions/mediator/harbour",
                {"version": str(version), "salience": salience},
            )
        page = browser.new_page()
        page.goto(f"{server.url}/s/sample/history")
        page.click("button[aria-label='restore version 1']")
        page.wait_for_selector("text=restored version 1")
        assert sample.read_text(encoding="utf-8") == original
        assert page.locator("#version-4 >> text=current").count() == 1
        page.close()
