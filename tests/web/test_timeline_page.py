"""The dashboard's Timeline tab: the corpus store's events with their parties and quotes."""

from __future__ import annotations

from pathlib import Path

from dashboard_fixtures import build_store, copy_sample, tuesday_fact
from fastapi.testclient import TestClient

from detente.web.app import create_app

SENTENCE = (
    "Negotiators from Northland and Southland met again on Tuesday to discuss access to the "
    "shared harbour."
)


def _client(tmp_path: Path) -> TestClient:
    sample = copy_sample(tmp_path / "case")
    db = build_store(sample.parent, tmp_path / "corpus.db", facts=[tuesday_fact(sample.parent)])
    return TestClient(create_app([sample], db=db))


def test_the_timeline_lists_each_event_with_its_parties_and_the_quoted_sentence(
    tmp_path: Path,
) -> None:
    client = _client(tmp_path)
    data = client.get("/s/sample/timeline.json").json()
    (event,) = data["events"]
    assert (event["date"], event["kind"], event["parties"]) == (
        "2025-03-18",
        "talks",
        ["Northland", "Southland"],
    )
    (quote,) = event["quotes"]
    assert quote["text"] == SENTENCE and quote["citation"] == "Lakeside Courier, 2025-03-18"
    page = client.get("/s/sample/timeline").text
    assert f"“{SENTENCE}” — Lakeside Courier, 2025-03-18" in page
    assert '<a href="/s/sample/timeline" class="active">Timeline</a>' in page


def test_since_keeps_the_events_after_a_date_and_a_bad_date_is_a_coded_error(
    tmp_path: Path,
) -> None:
    client = _client(tmp_path)
    assert len(client.get("/s/sample/timeline.json?since=2025-03-17").json()["events"]) == 1
    later = client.get("/s/sample/timeline?since=2025-03-18")
    assert 'id="no-events"' in later.text and "after 2025-03-18" in later.text
    bad = client.get("/s/sample/timeline.json?since=soon")
    assert bad.status_code == 400 and bad.json()["error"] == "DT311"


def test_without_a_store_the_timeline_says_so(tmp_path: Path) -> None:
    client = TestClient(create_app([copy_sample(tmp_path / "case")]))
    page = client.get("/s/sample/timeline")
    assert page.status_code == 200 and "No corpus store is open" in page.text
    assert client.get("/s/sample/timeline.json").json()["events"] == []
