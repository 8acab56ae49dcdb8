"""The dashboard's deal explorer: ``?pair=a:b&issues=x,y&respects=1``, one data object per page."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_fixtures import copy_sample
from fastapi.testclient import TestClient

from detente.domain import Actor, Issue, Position, Scenario
from detente.io import save_scenario
from detente.web.app import create_app


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app([copy_sample(tmp_path / "case")]))


def test_default_is_the_pair_furthest_apart_over_every_issue(client: TestClient) -> None:
    data = client.get("/s/sample/deals.json").json()["explorer"]
    assert data["pair"] == ["northland", "southland"]
    assert [i["id"] for i in data["issues"] if i["chosen"]] == ["harbour", "quota", "pause"]
    assert data["respects"] is False and data["packages"] > 0
    html = client.get("/s/sample/deals").text
    assert '<option value="northland:southland" selected>' in html
    assert 'id="explorer-chart"' in html and "Issues (3 of 3 chosen)" in html


def test_pair_issues_and_filter_come_from_the_address(client: TestClient) -> None:
    url = "/s/sample/deals.json?pair=mediator:southland&issues=quota&issues=pause&respects=1"
    data = client.get(url).json()["explorer"]
    assert data["pair"] == ["mediator", "southland"] and data["respects"] is True
    assert [i["id"] for i in data["issues"] if i["chosen"]] == ["quota", "pause"]
    frontier = data["figure"]["data"][0]
    assert "Fishing quota: %{customdata[0]}" in frontier["hovertemplate"]
    assert all(d[-1] == "within every red line" for d in frontier["customdata"])
    # Southland's red line caps the quota at 50: no package the filter keeps goes past it.
    assert all(d[0] <= 50 for d in frontier["customdata"])
    assert "Not included: Harbour access." in data["summary"]


def test_an_empty_zone_names_the_blocking_issue_and_offers_the_rest(client: TestClient) -> None:
    html = client.get("/s/sample/deals?pair=northland:southland&respects=1").text
    assert "Harbour access: Northland&#39;s red line allows nothing below 60" in html
    assert "no package stays within every party&#39;s red lines" in html
    link = "/s/sample/deals?pair=northland:southland&amp;respects=1&amp;issues=quota,pause"
    assert link in html
    assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_reservation_lines_come_from_reserve(client: TestClient) -> None:
    data = client.get("/s/sample/deals.json?reserve=northland:0.4").json()
    assert data["reservation"] == {"northland": 0.4, "southland": 0.0}
    assert data["explorer"]["figure"]["layout"]["shapes"][0]["x0"] == 0.4
    assert client.get("/s/sample/deals.json?reserve=northland:2").json()["error"] == "DT601"


def test_bad_pairs_and_issues_are_coded_400s(client: TestClient) -> None:
    for query, code in (
        ("pair=nobody:southland", "DT707"),
        ("pair=northland", "DT707"),
        ("pair=northland:northland", "DT707"),
        ("issues=atlantis", "DT601"),
    ):
        assert client.get(f"/s/sample/deals.json?{query}").json()["error"] == code, query
        assert client.get(f"/s/sample/deals?{query}").status_code == 400, query


def wide_scenario(n_issues: int = 40, options: int = 101) -> Scenario:
    """Two parties at odds on many finely graded issues: their frontier grows past the budget."""
    issues = tuple(
        Issue(
            id=f"issue{j}",
            name=f"Question {j}",
            proposition=f"measure {j} is adopted",
            options=tuple(float(o) for o in range(options)),
        )
        for j in range(n_issues)
    )
    positions = tuple(
        Position(actor=actor, issue=f"issue{j}", position=p, salience=float(10 + (7 * j) % 83 + k))
        for j in range(n_issues)
        for k, (actor, p) in enumerate((("east", 0.0), ("west", 100.0)))
    )
    return Scenario(
        title="wide",
        actors=(Actor(id="east", name="East"), Actor(id="west", name="West")),
        issues=issues,
        positions=positions,
    )


def test_past_the_work_budget_is_dt603_saying_how_to_narrow(tmp_path: Path) -> None:
    path = save_scenario(wide_scenario(), tmp_path / "wide.yaml")
    client = TestClient(create_app([path]))
    refused = client.get("/s/wide/deals.json")
    assert refused.status_code == 400 and refused.json()["error"] == "DT603"
    assert "choose fewer issues" in refused.json()["message"]
    assert "?issues=" in refused.json()["message"]
    narrowed = client.get("/s/wide/deals.json?issues=issue0,issue1,issue2")
    assert narrowed.status_code == 200 and narrowed.json()["explorer"]["packages"] > 1
