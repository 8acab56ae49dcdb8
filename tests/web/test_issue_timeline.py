"""The dashboard's issue page shows the position-over-time chart of the corpus store's claims."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from dashboard_fixtures import build_store, copy_sample
from fastapi.testclient import TestClient

from detente.corpus.store import Store
from detente.web.app import create_app


def test_issue_page_draws_positions_over_time_from_the_store(tmp_path: Path) -> None:
    sample = copy_sample(tmp_path / "case")
    db = build_store(sample.parent, tmp_path / "corpus.db")
    with Store(db) as store:  # machine claims count once the analyst has accepted them
        (claim,) = store.claims()
        store.set_review(claim, "accepted")
    client = TestClient(create_app([sample], db=db))
    page = client.get("/s/sample/issues/harbour").text
    found = re.search(r'id="position-timeline-chart"[^>]*data-figure=\'([^\']*)\'', page)
    assert found, "no position-over-time chart on the issue page"
    figure = json.loads(html.unescape(found.group(1)))
    (trace,) = figure["data"]
    assert trace["x"] == ["2025-03-18"] and trace["y"] == [50.0]  # one conditional claim
    assert "Southland would accept joint patrols" in trace["text"][0]
    data = client.get("/s/sample/issues/harbour.json").json()["positions_over_time"]
    assert [(r["actor"], r["date"], r["position"]) for r in data] == [
        ("southland", "2025-03-18", 50.0)
    ]


def test_without_a_store_the_issue_page_has_no_such_chart(tmp_path: Path) -> None:
    client = TestClient(create_app([copy_sample(tmp_path / "case")]))
    assert "position-timeline-chart" not in client.get("/s/sample/issues/harbour").text
    assert client.get("/s/sample/issues/harbour.json").json()["positions_over_time"] == []
