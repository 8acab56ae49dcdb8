"""The review queue for machine claims: order, accept (links evidence), reject (remembered in the
store, through re-extraction), the extractor's precision, and the report's use of the verdicts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from dashboard_fixtures import build_store, copy_sample, review_claims
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from detente.cli import app as cli_app
from detente.corpus.store import MIGRATIONS, Store, claim_key
from detente.io import load_scenario
from detente.web.app import create_app
from detente.workflows.report import make_report

JSON = {"accept": "application/json"}
HTMX = {"hx-request": "true"}


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


@pytest.fixture()
def db(sample: Path, tmp_path: Path) -> Path:
    return build_store(sample.parent, tmp_path / "corpus.db", review_claims(sample.parent))


@pytest.fixture()
def client(sample: Path, db: Path) -> TestClient:
    return TestClient(create_app([sample], db=db), raise_server_exceptions=False)


def _queue(client: TestClient) -> list[dict[str, object]]:
    return list(client.get("/s/sample/review.json").json()["queue"])


def test_contradicting_claims_come_first(client: TestClient) -> None:
    queue = _queue(client)
    assert [(c["actor"], c["issue"], c["contradicts"]) for c in queue] == [
        ("southland", "harbour", True),
        ("mediator", "pause", True),
        ("southland", "quota", False),
    ]
    assert queue[0]["analyst_position"] == 40
    html = client.get("/s/sample/review").text
    assert html.index("Southland would accept") < html.index("Southland insists")
    assert "Points the other way from your position (40/100)" in html
    assert "nothing reviewed yet" in html


def test_accept_links_the_span_and_reject_is_remembered(
    client: TestClient, sample: Path, db: Path
) -> None:
    first, second, third = _queue(client)
    accepted = client.post(
        "/s/sample/review/accept", data={"claim": first["key"], "version": 1}, headers=JSON
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json() == {
        "claim": first["key"],
        "verdict": "accepted",
        "version": 2,
        "etag": '"sample-v2"',
    }
    evidence = load_scenario(sample).position("southland", "harbour").evidence  # type: ignore[union-attr]
    assert (evidence[-1].doc, evidence[-1].start, evidence[-1].end) == (
        first["doc"],
        first["start"],
        first["end"],
    )
    panel = client.post("/s/sample/review/reject", data={"claim": second["key"]}, headers=HTMX)
    assert panel.status_code == 200 and panel.text.lstrip().startswith('<section id="queue"')
    assert [c["key"] for c in _queue(client)] == [third["key"]]
    data = client.get("/s/sample/review.json").json()
    assert [c["key"] for c in data["accepted"]] == [first["key"]] and data["rejected"] == 1
    assert data["precision"] == {"stance.v1": {"accepted": 1, "rejected": 1, "precision": 0.5}}

    # A new extraction replaces the claims table; the verdicts stay with the claims.
    with Store(db) as store:
        docs = store.documents()
        store.replace_extraction([d.id for d in docs], [], [], review_claims(sample.parent), [], [])
        assert store.reviews() == {first["key"]: "accepted", second["key"]: "rejected"}
    reopened = TestClient(create_app([sample], db=db))
    assert [c["key"] for c in reopened.get("/s/sample/review.json").json()["queue"]] == [
        third["key"]
    ]


def test_refusals_change_nothing(client: TestClient, sample: Path, db: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    first = _queue(client)[0]
    stale = client.post(
        "/s/sample/review/accept", data={"claim": first["key"], "version": 7}, headers=JSON
    )
    assert stale.status_code == 409 and stale.json()["error"] == "DT703"
    unknown = client.post("/s/sample/review/reject", data={"claim": "nope"}, headers=JSON)
    assert unknown.status_code == 404 and unknown.json()["error"] == "DT702"
    # A claim on a position the analyst has not set has nothing to support yet.
    client.post(
        "/s/sample/positions/mediator/pause/evidence/unlink",
        data={"version": 1, "index": 0},
        headers=JSON,
    )
    with Store(db) as store:
        orphan = review_claims(sample.parent)[2].model_copy(update={"actor": "mediator"})
        store.replace_extraction([], [], [], [orphan], [], [])
    lonely = client.post(
        "/s/sample/review/accept", data={"claim": claim_key(orphan), "version": 2}, headers=JSON
    )
    assert lonely.status_code == 400 and "no position on quota" in lonely.json()["message"]
    with Store(db) as store:
        assert store.reviews() == {}
    assert "mediator" not in {
        p.actor for p in load_scenario(sample).positions if p.issue == "quota"
    }
    assert sample.read_text(encoding="utf-8") != before  # only the unlink above was saved


def test_without_a_store_the_queue_says_so(sample: Path) -> None:
    client = TestClient(create_app([sample]))
    assert "started without a corpus store" in client.get("/s/sample/review").text
    refused = client.post("/s/sample/review/reject", data={"claim": "x"}, headers=JSON)
    assert refused.status_code == 400 and refused.json()["error"] == "DT701"


def test_the_report_shows_accepted_claims_unless_asked(
    client: TestClient, sample: Path, db: Path, tmp_path: Path
) -> None:
    first, second, _ = _queue(client)
    client.post("/s/sample/review/accept", data={"claim": first["key"], "version": 1}, headers=JSON)
    client.post("/s/sample/review/reject", data={"claim": second["key"]}, headers=JSON)
    html = make_report(sample, tmp_path / "r.html", corpus=db).read_text(encoding="utf-8")
    assert (
        "A machine reading of Lakeside Courier, accepted by the analyst on review, reports "
        "Southland in favour on conditions" in html
    )
    assert "not yet checked by the analyst" not in html  # the unreviewed quota claim is left out
    out = tmp_path / "all.html"
    result = CliRunner().invoke(
        cli_app, ["report", str(sample), "--corpus", str(db), "--unreviewed", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    everything = out.read_text(encoding="utf-8")
    assert "A machine reading of Valley Post, not yet checked by the analyst" in everything
    assert "accepted by the analyst on review" in everything
    assert "report Mediator" not in everything  # the rejected claim, even with --unreviewed


def test_an_older_store_gains_the_reviews_table_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name, sql in MIGRATIONS[:4]:
        db.executescript(sql)
        db.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (name,))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.applied_migrations()[-1] == "0006_claim_reviews"
        assert store.reviews() == {}
