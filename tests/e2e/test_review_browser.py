"""End-to-end in headless Chromium: review machine claims with the keyboard (accept, reject),
reload, and find the accepted claim, and only it, in the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, Server
from dashboard_fixtures import build_store, copy_sample, review_claims

from detente.io import load_scenario
from detente.web.app import create_app
from detente.workflows.report import make_report

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)


def test_accept_reject_reload_and_report(browser: Any, tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    db = build_store(sample.parent, tmp_path / "corpus.db", review_claims(sample.parent))
    with Server(create_app([sample], db=db)) as server:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{server.url}/s/sample/review")
        claims = page.locator("#queue li.claim")
        assert claims.count() == 3
        assert "Southland would accept joint patrols" in claims.nth(0).inner_text()
        assert page.evaluate("document.activeElement.dataset.key") == claims.nth(0).get_attribute(
            "data-key"
        )
        assert "precision" in page.inner_text("#precision")

        page.keyboard.press("a")  # accept the first (focused) claim
        page.wait_for_selector("#queue[data-version='2']")
        assert page.locator("#queue li.claim").count() == 2
        page.keyboard.press("j")  # move to the quota claim...
        page.keyboard.press("k")  # ...and back to the mediator's
        page.keyboard.press("r")  # reject it
        page.wait_for_function("document.querySelectorAll('#queue li.claim').length === 1")

        page.reload()
        remaining = page.locator("#queue li.claim")
        assert remaining.count() == 1
        assert "Southland insists on keeping at least half" in remaining.first.inner_text()
        assert "Southland would accept joint patrols" in page.inner_text("ul.accepted")
        assert "1 accepted, 1 rejected" in page.inner_text("#queue")
        assert all(u.startswith(f"{server.url}/") or u.startswith("data:") for u in requests)
        page.close()

    evidence = load_scenario(sample).position("southland", "harbour").evidence  # type: ignore[union-attr]
    assert any(
        sample.parent.joinpath("sources", e.doc).read_text(encoding="utf-8")[e.start : e.end]
        == "Southland would accept joint patrols"
        for e in evidence
    )
    report = make_report(sample, tmp_path / "report.html", corpus=db)
    page = browser.new_page()
    page.goto(report.as_uri())
    text = page.inner_text("body")
    assert (
        "A machine reading of Lakeside Courier, accepted by the analyst on review, reports "
        "Southland in favour on conditions" in text
    )
    assert "report Mediator" not in text and "not yet checked by the analyst" not in text
    page.close()
