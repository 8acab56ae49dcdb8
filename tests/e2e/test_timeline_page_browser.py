"""The dashboard's Timeline tab in headless Chromium, over a store of the five demo briefs with
the facts the fact step reads in them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, Server

from detente.corpus.ingest import ingest_paths
from detente.corpus.store import Store
from detente.io import load_scenario
from detente.web.app import create_app
from detente.workflows.timeline import extract_events

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025"

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)


def _briefs_store(db: Path) -> Path:
    documents = ingest_paths([EXAMPLE / "briefs"]).documents
    facts, _ = extract_events(documents, load_scenario(EXAMPLE / "scenario.yaml"))
    with Store(db) as store:
        store.add_documents(documents)
        store.replace_extraction([d.id for d in documents], [], [], [], facts, [])
    return db


def test_the_timeline_tab_lists_the_briefs_events_and_filters_by_date(
    browser: Any, tmp_path: Path
) -> None:
    scenario = tmp_path / "case" / "scenario.yaml"
    scenario.parent.mkdir()
    shutil.copy(EXAMPLE / "scenario.yaml", scenario)
    db = _briefs_store(tmp_path / "corpus.db")
    with Server(create_app([scenario], db=db)) as server:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server.url}/s/case")
        page.get_by_role("link", name="Timeline").click()
        page.wait_for_selector("#events tr.event")
        rows = page.locator("#events tr.event")
        dates = [rows.nth(i).get_attribute("data-date") for i in range(rows.count())]
        assert dates == sorted(dates) and len(dates) >= 5
        riyadh = page.locator('#events tr.event[data-date="2025-03-24"][data-kind="talks"]')
        text = riyadh.first.text_content() or ""
        # One event, reported by two briefs: both quoted, each with its outlet and date.
        assert text.count("“") == 2 and text.count("2025-03-24") >= 3
        assert "Russia" in text and "United States" in text
        page.fill('#timeline-filter input[name="since"]', "2025-03-23")
        page.click("#timeline-filter button")
        page.wait_for_url("**/timeline?since=2025-03-23")
        after = page.locator("#events tr.event")
        kept = [after.nth(i).get_attribute("data-date") or "" for i in range(after.count())]
        # Days after the 23rd, and the weeks and months that reach past it.
        assert kept and all(d > "2025-03-23" for d in kept if len(d) == 10)
        assert "2025-W12" in dates and "2025-W12" not in kept
        assert len(kept) < len(dates)
        assert errors == []
        page.close()
