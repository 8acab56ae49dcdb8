"""The guided review of a draft on the dashboard: the draft page and its edits, over HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.io import load_scenario
from detente.web.app import create_app

DRAFT = Path(__file__).resolve().parents[1] / "io" / "data" / "trade_draft.yaml"
JSON = {"accept": "application/json"}


@pytest.fixture()
def draft(tmp_path: Path) -> tuple[TestClient, Path]:
    path = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, path)
    return TestClient(create_app([path])), path


def test_the_draft_page_lists_issues_parties_evidence_and_the_review_items(
    draft: tuple[TestClient, Path],
) -> None:
    client, _ = draft
    data = client.get("/s/draft/draft.json").json()
    kinds = [item["kind"] for item in data["items"]]
    assert kinds[0] == "draft" and kinds[-1] == "capability" and "red line" in kinds
    tariffs = next(e for e in data["issues"] if e["issue"]["id"] == "tariff_cuts")
    us = next(r for r in tariffs["rows"] if r["actor"] == "us")
    assert len(us["quotes"]) == len(us["position"]["evidence"]) == 2
    red_line = next(i for i in data["items"] if i["subject"] == "us on tariff_cuts")
    assert us["review_items"] == [red_line["index"]]
    assert {p["actor"]["id"] for p in data["parties"]} == {"us", "china", "europe", "india"}
    html = client.get("/s/draft/draft").text
    assert 'action="/s/draft/draft/accept"' in html and "[red line] us on tariff_cuts" in html


def test_accept_merge_and_rename_save_to_the_file_against_a_version(
    draft: tuple[TestClient, Path],
) -> None:
    client, path = draft
    items = client.get("/s/draft/draft.json").json()["items"]
    index = next(i["index"] for i in items if i["kind"] == "capability")
    accepted = client.post(
        "/s/draft/draft/accept", data={"version": 1, "item": index}, headers=JSON
    )
    assert accepted.status_code == 200 and accepted.json()["version"] == 2
    assert "# REVIEW: not drafted" not in path.read_text(encoding="utf-8")
    assert "# - [capability] all parties: accepted" in path.read_text(encoding="utf-8")
    stale = client.post(
        "/s/draft/draft/merge",
        data={"version": 1, "section": "actors", "keep": "europe", "drop": "india"},
        headers=JSON,
    )
    assert stale.status_code == 409 and stale.json()["error"] == "DT703"
    merged = client.post(
        "/s/draft/draft/merge",
        data={"section": "actors", "keep": "europe", "drop": "india"},
        headers={**JSON, "If-Match": accepted.headers["ETag"]},
    )
    assert merged.status_code == 200, merged.text
    scenario = load_scenario(path)
    assert "india" not in {a.id for a in scenario.actors}
    held = scenario.position("europe", "emissions_targets")
    assert held is not None and held.position == 100 and len(held.evidence) == 3
    renamed = client.post(
        "/s/draft/draft/rename",
        data={
            "version": 3,
            "section": "issues",
            "old": "tariff_cuts",
            "new_id": "car_tariffs",
            "name": "Car tariffs",
        },
        follow_redirects=False,
    )
    assert renamed.status_code == 303 and renamed.headers["location"] == "/s/draft/draft"
    issue = load_scenario(path).issue("car_tariffs")
    assert issue.name == "Car tariffs"
    history = client.get("/s/draft/history.json").json()["versions"]
    assert history[0]["note"] == (
        "issue tariff_cuts renamed to car_tariffs; issue car_tariffs named 'Car tariffs'"
    )


def test_draft_edits_are_refused_from_another_site_and_when_malformed(
    draft: tuple[TestClient, Path],
) -> None:
    client, path = draft
    before = path.read_text(encoding="utf-8")
    forged = client.post(
        "/s/draft/draft/confirm",
        data={"version": 1, "actor": "us", "issue": "tariff_cuts"},
        headers={"origin": "http://evil.example"},
    )
    assert forged.status_code == 403 and forged.json()["error"] == "DT708"
    for data, code in (
        ({"version": 1, "section": "sources", "keep": "a1.md", "drop": "a2.md"}, "DT704"),
        ({"version": 1, "section": "issues", "keep": "trade_quotas", "drop": "nope"}, "DT702"),
        ({"section": "issues", "keep": "trade_quotas", "drop": "tariff_cuts"}, "DT704"),
    ):
        refused = client.post("/s/draft/draft/merge", data=data, headers=JSON)
        assert refused.json()["error"] == code
    assert path.read_text(encoding="utf-8") == before
    confirmed = client.post(
        "/s/draft/draft/confirm",
        data={"version": 1, "actor": "china", "issue": "emissions_targets"},
        headers=JSON,
    )
    assert confirmed.status_code == 200
    assert "confirmed at 50" in path.read_text(encoding="utf-8")


def test_split_an_issue_and_a_party_saves_versions_and_refuses_a_stale_one(
    draft: tuple[TestClient, Path],
) -> None:
    client, path = draft
    html = client.get("/s/draft/draft").text
    assert 'action="/s/draft/draft/split"' in html and 'value="europe:2"' in html
    assert 'name="aliases" value="United Kingdom"' in html
    europe = load_scenario(path).position("europe", "tariff_cuts")
    assert europe is not None
    split = client.post(
        "/s/draft/draft/split",
        data={
            "version": 1,
            "section": "issues",
            "item": "tariff_cuts",
            "new_id": "car_tariffs",
            "name": "Car tariffs",
            "evidence": ["europe:2", "us:0"],
        },
        headers=JSON,
    )
    assert split.status_code == 200, split.text
    assert split.json()["version"] == 2
    scenario = load_scenario(path)
    twin = scenario.position("europe", "car_tariffs")
    assert twin is not None and twin.evidence == europe.evidence[2:]
    assert scenario.issue("car_tariffs").name == "Car tariffs"
    stale = client.post(
        "/s/draft/draft/split",
        data={
            "version": 1,
            "section": "actors",
            "item": "europe",
            "new_id": "uk",
            "name": "United Kingdom",
            "aliases": ["United Kingdom", "UK"],
        },
        headers=JSON,
    )
    assert stale.status_code == 409 and stale.json()["error"] == "DT703"
    party = client.post(
        "/s/draft/draft/split",
        data={
            "version": 2,
            "section": "actors",
            "item": "europe",
            "new_id": "uk",
            "name": "United Kingdom",
            "aliases": ["United Kingdom", "UK"],
            "evidence": ["tariff_cuts:0"],
        },
        follow_redirects=False,
    )
    assert party.status_code == 303 and party.headers["location"] == "/s/draft/draft"
    scenario = load_scenario(path)
    assert scenario.actor("uk").aliases == ("United Kingdom", "UK")
    assert scenario.position("uk", "tariff_cuts") is not None
    history = client.get("/s/draft/history.json").json()["versions"]
    assert history[0]["note"].startswith("party europe split: uk (United Kingdom) takes 1")
    before = path.read_text(encoding="utf-8")
    for data in (
        {"section": "sources", "item": "a1.md", "new_id": "x", "name": "X"},
        {"section": "issues", "item": "tariff_cuts", "new_id": "y", "name": "Y"},  # nothing
        {"section": "issues", "item": "tariff_cuts", "new_id": "y", "name": "Y", "evidence": "x"},
    ):
        refused = client.post("/s/draft/draft/split", data={"version": 3, **data}, headers=JSON)
        assert refused.status_code == 400 and refused.json()["error"] == "DT704", refused.text
    assert path.read_text(encoding="utf-8") == before
