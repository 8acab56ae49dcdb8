"""Every dashboard route and its .json twin, edits with history/undo/409, runs, compare, exports."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
import typer
from dashboard_fixtures import (
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    build_store,
    copy_sample,
    hostile_sample,
    span,
)
from fastapi.testclient import TestClient

from detente.cli import app as cli_app
from detente.io import load_scenario
from detente.io.scenario_yaml import parse_yaml_text, validate_document
from detente.models import MODELS
from detente.web.app import create_app

JSON = {"accept": "application/json"}
HTMX = {"hx-request": "true"}


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


@pytest.fixture()
def client(sample: Path) -> TestClient:
    return TestClient(create_app([sample]))


PAGES = [
    ("/index", "Lake Harbour talks"),
    ("/s/sample", "Who stands where"),
    ("/s/sample/issues/harbour", "Harbour access"),
    ("/s/sample/parties/northland", "Northland"),
    ("/s/sample/deals", "Deal explorer"),
    ("/s/sample/corpus?q=harbour", "<mark>Harbour</mark> talks resume"),
    ("/s/sample/history", "Version history"),
    ("/compare?a=sample&b=sample", "What changed"),
]


@pytest.mark.parametrize(("path", "text"), PAGES)
def test_every_page_renders(client: TestClient, path: str, text: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert text in response.text
    assert "/static/htmx-2.0.11.min.js" in response.text


@pytest.mark.parametrize("path", [p for p, _ in PAGES])
def test_every_page_has_a_json_twin(client: TestClient, path: str) -> None:
    base, _, query = path.partition("?")
    response = client.get(f"{base}.json" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert isinstance(data, dict) and data


def test_json_twins_carry_the_page_data(client: TestClient) -> None:
    assert client.get("/index.json").json()["scenarios"][0]["id"] == "sample"
    scenario = client.get("/s/sample.json").json()
    assert scenario["version"] == 1 and scenario["etag"] == '"sample-v1"'
    assert {i["id"] for i in scenario["scenario"]["issues"]} == {"harbour", "quota", "pause"}
    issue = client.get("/s/sample/issues/harbour.json").json()
    assert {p["actor"]: p["position"] for p in issue["positions"]} == {
        "northland": 95,
        "southland": 40,
        "mediator": 55,
    }
    assert issue["evidence"][0]["text"] == "the harbour must stay fully open to its ships all year"
    party = client.get("/s/sample/parties/southland.json").json()
    assert party["actor"]["capability"] == 40 and len(party["positions"]) == 2
    hits = client.get("/s/sample/corpus.json?q=garrison").json()["hits"]
    assert len(hits) == 1 and "foreign garrison" in hits[0]["text"]
    text = (copy_sample.__globals__["DATA"] / "sources" / hits[0]["doc"]).read_text()
    assert text[hits[0]["start"] : hits[0]["end"]] == hits[0]["text"]


def test_home_static_assets_and_openapi(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    htmx = client.get("/static/htmx-2.0.11.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:2000]
    page = client.get("/s/sample").text
    plotly_url = page.split('<script src="')[2].split('"')[0]
    bundle = client.get(plotly_url)
    assert bundle.status_code == 200 and "plotly.js (basic - minified) v" in bundle.text[:300]
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN script
    schema = client.get("/openapi.json").json()
    for path in (
        "/s/{sid}/issues/{iid}.json",
        "/s/{sid}/positions/{aid}/{iid}",
        "/s/{sid}/run",
        "/s/{sid}/undo",
        "/s/{sid}/export.csv",
        "/compare.json",
    ):
        assert path in schema["paths"]


def test_unknown_ids_are_404_with_a_code(client: TestClient) -> None:
    assert client.get("/s/nope").status_code == 404
    missing = client.get("/s/sample/issues/nope.json")
    assert missing.status_code == 404 and missing.json()["error"] == "DT702"
    assert client.get("/s/sample/parties/nope.json").status_code == 404
    assert client.get("/compare.json?a=sample@9&b=sample").status_code == 404


def test_edit_saves_atomically_keeps_comments_and_history(client: TestClient, sample: Path) -> None:
    response = client.post(
        "/s/sample/positions/southland/harbour",
        data={"version": 1, "position": 48, "salience": 75},
        headers=JSON,
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    assert response.headers["etag"] == '"sample-v2"'
    text = sample.read_text(encoding="utf-8")
    assert text.startswith("# A small invented negotiation")  # the analyst's comment survives
    saved = load_scenario(sample).position("southland", "harbour")
    assert saved is not None and (saved.position, saved.salience) == (48, 75)
    history = sample.parent / ".detente-history" / "sample"
    assert sorted(p.name for p in history.iterdir()) == [
        "v0001.yaml",
        "v0002.yaml",
        "versions.json",
    ]
    assert (history / "v0002.yaml").read_text(encoding="utf-8") == text
    assert not list(sample.parent.glob(".sample.yaml.*"))


def test_stale_edit_gets_409_and_changes_nothing(client: TestClient, sample: Path) -> None:
    assert (
        client.post(
            "/s/sample/positions/northland/quota", data={"version": 1, "position": 70}, headers=JSON
        ).status_code
        == 200
    )
    before = sample.read_text(encoding="utf-8")
    stale = client.post(
        "/s/sample/positions/northland/quota", data={"version": 1, "position": 10}, headers=JSON
    )
    assert stale.status_code == 409 and stale.json()["error"] == "DT703"
    assert stale.headers["etag"] == '"sample-v2"'
    assert sample.read_text(encoding="utf-8") == before
    by_etag = client.post(
        "/s/sample/positions/northland/quota",
        data={"position": 65},
        headers=JSON | {"if-match": '"sample-v2"'},
    )
    assert by_etag.status_code == 200 and by_etag.json()["version"] == 3


def test_invalid_edit_is_refused_and_nothing_written(client: TestClient, sample: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    bad = client.post(
        "/s/sample/positions/northland/quota", data={"version": 1, "position": 150}, headers=JSON
    )
    assert bad.status_code == 400 and bad.json()["error"] == "DT704"
    word = client.post(
        "/s/sample/positions/northland/quota", data={"version": 1, "position": "lots"}, headers=JSON
    )
    assert word.status_code == 400
    assert sample.read_text(encoding="utf-8") == before
    assert client.get("/s/sample.json").json()["version"] == 1


def test_undo_walks_back_through_the_edits(client: TestClient, sample: Path) -> None:
    original = sample.read_text(encoding="utf-8")
    assert client.post("/s/sample/undo", data={"version": 1}, headers=JSON).status_code == 409
    client.post(
        "/s/sample/positions/mediator/harbour", data={"version": 1, "position": 60}, headers=JSON
    )
    after_first = sample.read_text(encoding="utf-8")
    client.post("/s/sample/actors/northland", data={"version": 2, "capability": 70}, headers=JSON)
    assert load_scenario(sample).actor("northland").capability == 70
    assert client.post("/s/sample/undo", data={"version": 3}, headers=JSON).json()["version"] == 4
    assert sample.read_text(encoding="utf-8") == after_first
    assert client.post("/s/sample/undo", data={"version": 4}, headers=JSON).json()["version"] == 5
    assert sample.read_text(encoding="utf-8") == original
    notes = [v["note"] for v in client.get("/s/sample/history.json").json()["versions"]]
    assert notes[:2] == ["undo: back to version 1", "undo: back to version 2"]


def test_red_line_can_be_set_and_removed(client: TestClient, sample: Path) -> None:
    client.post(
        "/s/sample/positions/mediator/harbour", data={"version": 1, "red_line": 70}, headers=JSON
    )
    assert load_scenario(sample).position("mediator", "harbour").red_line == 70  # type: ignore[union-attr]
    client.post(
        "/s/sample/positions/mediator/harbour",
        data={"version": 2, "clear_red_line": "true"},
        headers=JSON,
    )
    assert load_scenario(sample).position("mediator", "harbour").red_line is None  # type: ignore[union-attr]


def test_link_and_unlink_evidence(client: TestClient, sample: Path) -> None:
    start, end = span(sample.parent, "harbour-talks.txt", "pause on naval exercises")
    linked = client.post(
        "/s/sample/positions/northland/pause/evidence",
        data={"version": 1, "doc": "harbour-talks.txt", "start": start, "end": end},
        headers=JSON,
    )
    assert linked.status_code == 200
    refs = load_scenario(sample).position("northland", "pause").evidence  # type: ignore[union-attr]
    assert [(r.doc, r.start, r.end) for r in refs] == [("harbour-talks.txt", start, end)]
    issue = client.get("/s/sample/issues/pause.json").json()
    assert "pause on naval exercises" in [e["text"] for e in issue["evidence"]]
    from_search = client.post(
        "/s/sample/link",
        data={
            "version": 2,
            "actor": "northland",
            "issue": "pause",
            "doc": "fishing-quota.txt",
            "start": 0,
            "end": 13,
        },
        headers=HTMX,
    )
    assert from_search.status_code == 200 and "Linked fishing-quota.txt" in from_search.text
    assert json.loads(from_search.headers["hx-trigger"]) == {"versionChanged": {"value": 3}}
    unlinked = client.post(
        "/s/sample/positions/northland/pause/evidence/unlink",
        data={"version": 3, "index": 0},
        headers=JSON,
    )
    assert unlinked.status_code == 200
    refs = load_scenario(sample).position("northland", "pause").evidence  # type: ignore[union-attr]
    assert [(r.doc, r.start) for r in refs] == [("fishing-quota.txt", 0)]


def test_htmx_edit_returns_the_panel_with_the_new_chart(client: TestClient) -> None:
    response = client.post(
        "/s/sample/positions/southland/harbour", data={"version": 1, "position": 20}, headers=HTMX
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="panel" data-version="2"')
    assert '"x": [20.0]' in response.text  # the strip chart's Southland marker moved
    stale = client.post(
        "/s/sample/positions/southland/harbour", data={"version": 1, "position": 30}, headers=HTMX
    )
    assert stale.headers["hx-retarget"] == "#messages" and "409" in stale.text


def test_run_models_then_edit_marks_the_forecast_stale_and_rerun_moves_it(
    client: TestClient,
) -> None:
    ran = client.post("/s/sample/run", headers=JSON).json()
    before = ran["forecasts"]["compromise.v1"]["harbour"]
    assert set(ran["forecasts"]) == set(MODELS)
    page = client.get("/s/sample/issues/harbour.json").json()
    assert page["forecasts"]["compromise.v1"] == before and page["forecasts_version"] == 1
    client.post(
        "/s/sample/positions/southland/harbour", data={"version": 1, "position": 0}, headers=JSON
    )
    assert "edited since" in client.get("/s/sample/issues/harbour").text
    panel = client.post("/s/sample/run?issue=harbour", headers=HTMX)
    assert panel.status_code == 200 and 'id="panel"' in panel.text
    after = client.get("/s/sample/issues/harbour.json").json()["forecasts"]["compromise.v1"]
    assert after < before
    overview = client.post("/s/sample/run", headers=HTMX).text
    assert 'id="analysis-panel"' in overview and "Nash bargaining" in overview


def test_compare_versions_shows_changes_and_forecast_moves(client: TestClient) -> None:
    client.post(
        "/s/sample/positions/northland/harbour", data={"version": 1, "position": 70}, headers=JSON
    )
    data = client.get("/compare.json?a=sample@1&b=sample@2").json()
    assert data["changes"] == [
        {
            "what": "position",
            "actor": "northland",
            "issue": "harbour",
            "field": "position",
            "before": 95.0,
            "after": 70.0,
            "actor_name": "Northland",
            "issue_name": "Harbour access",
        }
    ]
    moved = {(r["model"], r["issue"]): r["moved"] for r in data["forecasts"]}
    assert moved[("compromise.v1", "harbour")] < 0
    assert ("compromise.v1", "quota") not in moved  # unmoved forecasts are counted, not listed
    assert data["unmoved"] > 0
    page = client.get("/compare?a=sample@1&b=sample@2").text
    assert "Harbour access" in page and 'class="changed"' in page


def test_compare_two_scenarios(tmp_path: Path) -> None:
    first = copy_sample(tmp_path / "one")
    second = copy_sample(tmp_path / "two")
    second.write_text(second.read_text().replace("capability: 40", "capability: 80"))
    client = TestClient(create_app([first, second]))
    data = client.get("/compare.json?a=sample&b=sample-2").json()
    assert [c["what"] for c in data["changes"]] == ["capability"]


def test_exports(client: TestClient, sample: Path) -> None:
    yaml = client.get("/s/sample/export.yaml")
    assert yaml.status_code == 200 and "attachment" in yaml.headers["content-disposition"]
    assert validate_document(parse_yaml_text(yaml.text, "x"), "x") == load_scenario(sample)
    exported = client.get("/s/sample/export.json").json()
    assert exported["title"] == "Lake Harbour talks" and len(exported["positions"]) == 7
    csv_text = client.get("/s/sample/export.csv").text
    assert csv_text.splitlines()[0].startswith("actor,issue,position")
    assert len(csv_text.strip().splitlines()) == 8
    assert client.get("/s/sample/export.csv?table=actors").text.startswith("id,name,capability")
    assert client.get("/s/sample/export.csv?table=nope").status_code == 404
    report = client.get("/s/sample/report.html")
    assert report.status_code == 200 and "What does Northland want?" in report.text
    assert '<script src="http' not in report.text


def test_read_only_formats_refuse_edits(tmp_path: Path, sample: Path) -> None:
    client = TestClient(create_app([sample]))
    exported = tmp_path / "case.json"
    exported.write_text(client.get("/s/sample/export.json").text)
    readonly = TestClient(create_app([exported], history=tmp_path / "h"))
    sid = readonly.get("/index.json").json()["scenarios"][0]["id"]
    refused = readonly.post(
        f"/s/{sid}/positions/northland/quota", data={"version": 1, "position": 1}, headers=JSON
    )
    assert refused.status_code == 400 and refused.json()["error"] == "DT705"
    assert readonly.get(f"/s/{sid}/issues/quota").status_code == 200


def test_corpus_store_search_and_quotes(sample: Path, tmp_path: Path) -> None:
    db = build_store(sample.parent, tmp_path / "corpus.db")
    client = TestClient(create_app([sample], db=db))
    data = client.get("/s/sample/corpus.json?q=quota").json()
    assert data["searched"] == "corpus store" and len(data["hits"]) >= 2
    bad = client.get("/s/sample/corpus.json?q=%22unbalanced")
    assert bad.status_code == 400
    scenario = client.post("/s/sample/run", headers=HTMX)
    assert "length of the pause" not in scenario.text  # conflicts belong to the report
    assert "length of the pause on naval exercises" in client.get("/s/sample/report.html").text


def test_payloads_are_escaped_in_every_page(tmp_path: Path) -> None:
    path = hostile_sample(tmp_path / "case")
    client = TestClient(create_app([path]))
    client.post("/s/sample/run", headers=JSON)
    for page in (
        "/",
        "/s/sample",
        "/s/sample/issues/harbour",
        "/s/sample/parties/mediator",
        "/s/sample/corpus?q=mediator",
        "/s/sample/history",
        "/compare?a=sample&b=sample",
        "/s/sample/report.html",
    ):
        html = client.get(page).text
        assert PAYLOAD_SCRIPT not in html, page
        assert PAYLOAD_IMG not in html, page
    assert "&lt;script&gt;" in client.get("/s/sample/corpus?q=mediator").text
    search = client.get("/s/sample/corpus?q=" + "%3Cscript%3Ealert(1)%3C/script%3E").text
    assert "<script>alert(1)</script>" not in search


def test_serve_binds_localhost_by_default() -> None:
    serve = typer.main.get_command(cli_app).commands["serve"]  # type: ignore[attr-defined]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_serve_with_a_missing_store_is_a_coded_error(sample: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli_app, ["serve", str(sample), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "[DT701]" in result.output
    assert not (tmp_path / "x.db").exists()


def test_no_page_loads_an_asset_from_the_network(client: TestClient) -> None:
    client.post("/s/sample/run", headers=JSON)
    for path, _ in PAGES:
        html = client.get(path).text
        assets = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]*)\"", html)
        assert assets, path
        assert [a for a in assets if re.match(r"(https?:)?//", a)] == [], path


def test_overview_links_to_the_deal_explorer(client: TestClient) -> None:
    client.post("/s/sample/run", headers=JSON)
    overview = client.get("/s/sample").text
    assert 'href="/s/sample/deals"' in overview and "frontier-1" not in overview


def test_writes_from_another_site_are_refused(client: TestClient, sample: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    forged = client.post(
        "/s/sample/positions/northland/quota",
        data={"version": 1, "position": 0},
        headers={"origin": "http://evil.example"},
    )
    assert forged.status_code == 403 and forged.json()["error"] == "DT708"
    assert sample.read_text(encoding="utf-8") == before
    same_site = client.post(
        "/s/sample/positions/northland/quota",
        data={"version": 1, "position": 0},
        headers=JSON | {"origin": "http://testserver"},
    )
    assert same_site.status_code == 200


@pytest.mark.parametrize("query", ['"', "AND (", "harbour NOT", "*", "NEAR(a b"])
@pytest.mark.parametrize("with_store", [False, True])
def test_malformed_search_queries_are_coded_400s_not_tracebacks(
    sample: Path, tmp_path: Path, query: str, with_store: bool
) -> None:
    db = build_store(sample.parent, tmp_path / "corpus.db") if with_store else None
    client = TestClient(create_app([sample], db=db), raise_server_exceptions=False)
    as_json = client.get("/s/sample/corpus.json", params={"q": query})
    assert as_json.status_code == 400 and as_json.json()["error"] == "DT311"
    page = client.get("/s/sample/corpus", params={"q": query})
    assert page.status_code == 400 and "DT311" in page.text and "Traceback" not in page.text
    # The index survives a bad query: the next good one still finds its sentence.
    assert client.get("/s/sample/corpus.json", params={"q": "quota"}).json()["hits"]


def test_loopback_dashboard_refuses_other_host_names(sample: Path) -> None:
    loopback = frozenset({"127.0.0.1", "localhost", "::1"})
    app = create_app([sample], allowed_hosts=loopback)
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        assert TestClient(app, base_url=base).get("/index.json").status_code == 200
    # A rebinding page reaches 127.0.0.1 under its own name, which the Host header still says.
    rebound = TestClient(app, base_url="http://attacker.example:8000").get("/index.json")
    assert rebound.status_code == 421 and rebound.json()["error"] == "DT711"
    assert "Lake Harbour" not in rebound.text


MALFORMED_VERSIONS = ["abc", "", " ", "1.5", "-1", "0x1f", "9" * 5000]


@pytest.mark.parametrize("bad", MALFORMED_VERSIONS)
def test_malformed_versions_are_coded_400s(client: TestClient, sample: Path, bad: str) -> None:
    before = sample.read_text(encoding="utf-8")
    by_header = client.post(
        "/s/sample/positions/northland/quota",
        data={"position": 60},
        headers=JSON | {"if-match": f'"sample-v{bad}"'},
    )
    by_field = client.post(
        "/s/sample/actors/northland", data={"version": bad, "capability": 60}, headers=JSON
    )
    undo = client.post("/s/sample/undo", data={"version": bad}, headers=JSON)
    for response in (by_header, by_field, undo):
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "DT704"
        assert response.json()["message"].startswith("[DT704]")
    assert sample.read_text(encoding="utf-8") == before
    assert client.get("/s/sample.json").json()["version"] == 1


BAD_FIELDS = [
    ("/s/sample/actors/northland", {"capability": "inf"}),
    ("/s/sample/actors/northland", {"capability": "nan"}),
    ("/s/sample/actors/northland", {"capability": "-1"}),
    ("/s/sample/actors/northland", {"capability": "1_0"}),
    ("/s/sample/positions/northland/quota", {"salience": "1e400"}),
    ("/s/sample/positions/northland/quota", {"position": "Infinity"}),
    ("/s/sample/positions/northland/quota", {"red_line": "-inf"}),
    ("/s/sample/positions/northland/quota/evidence/unlink", {"index": "9" * 5000}),
    ("/s/sample/positions/northland/quota/evidence", {"doc": "nope.txt", "start": 0, "end": 5}),
    (
        "/s/sample/positions/northland/quota/evidence",
        {"doc": "harbour-talks.txt", "start": 0, "end": 10**9},
    ),
    (
        "/s/sample/positions/northland/quota/evidence",
        {"doc": "harbour-talks.txt", "start": "9" * 5000, "end": 5},
    ),
    ("/s/sample/link", {"actor": "northland", "issue": "quota", "doc": "x", "start": 0}),
]


@pytest.mark.parametrize(("path", "fields"), BAD_FIELDS)
def test_every_field_is_checked_before_saving(
    client: TestClient, sample: Path, path: str, fields: dict[str, object]
) -> None:
    before = sample.read_text(encoding="utf-8")
    response = client.post(path, data={"version": 1, **fields}, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "DT704"
    assert sample.read_text(encoding="utf-8") == before
    history = sample.parent / ".detente-history" / "sample"
    assert sorted(p.name for p in history.iterdir()) == ["v0001.yaml", "versions.json"]
    for page in ("/s/sample.json", "/s/sample/parties/northland.json", "/index.json"):
        assert client.get(page).status_code == 200
    assert client.get("/s/sample.json").json()["version"] == 1


def test_a_save_that_changes_nothing_is_not_a_new_version(client: TestClient, sample: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    held = load_scenario(sample)
    quota = held.position("northland", "quota")
    assert quota is not None
    capability = held.actor("northland").capability
    same_position = client.post(
        "/s/sample/positions/northland/quota",
        data={"version": 1, "position": quota.position, "salience": quota.salience},
        headers=JSON,
    )
    same_capability = client.post(
        "/s/sample/actors/northland", data={"version": 1, "capability": capability}, headers=JSON
    )
    for response in (same_position, same_capability):
        assert response.status_code == 200 and response.json()["version"] == 1
        assert response.headers["etag"] == '"sample-v1"'
    assert sample.read_text(encoding="utf-8") == before
    history = sample.parent / ".detente-history" / "sample"
    assert sorted(p.name for p in history.iterdir()) == ["v0001.yaml", "versions.json"]
    assert len(client.get("/s/sample/history.json").json()["versions"]) == 1
    # A real change after the no-op is version 2, made from version 1.
    moved = client.post(
        "/s/sample/positions/northland/quota",
        data={"version": 1, "position": quota.position + 1},
        headers=JSON,
    )
    assert moved.json()["version"] == 2


def _crash_leftovers(sample: Path) -> Path:
    """What a save killed with SIGKILL leaves: version 3 in the history (snapshot and index
    entry) that never reached the file, a snapshot beyond the index, and temporary files."""
    client = TestClient(create_app([sample]))
    client.post(
        "/s/sample/positions/northland/quota", data={"version": 1, "position": 70}, headers=JSON
    )
    history = sample.parent / ".detente-history" / "sample"
    index = json.loads((history / "versions.json").read_text(encoding="utf-8"))
    unsaved = sample.read_text(encoding="utf-8").replace("position: 70", "position: 71")
    (history / "v0003.yaml").write_text(unsaved, encoding="utf-8")
    (history / "v0004.yaml").write_text(unsaved, encoding="utf-8")
    sha = hashlib.sha256(unsaved.encode("utf-8")).hexdigest()
    index.append(index[-1] | {"number": 3, "note": "unsaved", "sha256": sha, "parent": 2})
    (history / "versions.json").write_text(json.dumps(index), encoding="utf-8")
    for leftover in (
        sample.parent / ".sample.yaml.k9x2ab.tmp",
        history / ".versions.json.p0q1r2.tmp",
        history / ".v0004.yaml.zz9911.tmp",
    ):
        leftover.write_text("half a save", encoding="utf-8")
    return history


def test_start_up_clears_what_a_killed_save_left(sample: Path) -> None:
    history = _crash_leftovers(sample)
    saved = sample.read_text(encoding="utf-8")
    client = TestClient(create_app([sample]))
    assert not list(sample.parent.glob(".*.tmp")) and not list(history.glob(".*.tmp"))
    assert sorted(p.name for p in history.iterdir()) == [
        "v0001.yaml",
        "v0002.yaml",
        "versions.json",
    ]
    versions = client.get("/s/sample/history.json").json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    assert [v["number"] for v in json.loads((history / "versions.json").read_text())] == [1, 2]
    assert sample.read_text(encoding="utf-8") == saved
    nxt = client.post(
        "/s/sample/positions/northland/quota", data={"version": 2, "position": 72}, headers=JSON
    )
    assert nxt.json()["version"] == 3
    assert client.get("/s/sample/history.json").json()["versions"][0]["parent"] == 2


def test_a_file_reverted_by_hand_after_a_save_keeps_its_history(sample: Path) -> None:
    original = sample.read_text(encoding="utf-8")
    client = TestClient(create_app([sample]))
    client.post(
        "/s/sample/positions/northland/quota", data={"version": 1, "position": 70}, headers=JSON
    )
    history = sample.parent / ".detente-history" / "sample"
    sample.write_text(original, encoding="utf-8")
    later = (history / "v0002.yaml").stat().st_mtime_ns + 1_000_000_000
    os.utime(sample, ns=(later, later))
    reopened = TestClient(create_app([sample])).get("/s/sample/history.json").json()
    assert [v["number"] for v in reopened["versions"]] == [3, 2, 1]
    assert reopened["versions"][0]["note"] == "changed outside the dashboard"


def test_openapi_declares_the_path_parameters_of_every_page(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    pages_checked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        placeholders = set(re.findall(r"{(\w+)}", path))
        declared = {
            p["name"]: p["schema"]["type"]
            for p in operations["get"].get("parameters", [])
            if p["in"] == "path" and p["required"]
        }
        assert declared == dict.fromkeys(placeholders, "string"), path
        pages_checked += bool(placeholders)
    assert {"/s/{sid}", "/s/{sid}/issues/{iid}.json", "/s/{sid}/parties/{aid}"} <= set(
        schema["paths"]
    )
    assert pages_checked >= 14  # ten page routes (five pages and twins) and four exports


def test_pages_are_cached_until_the_next_save_or_run(sample: Path) -> None:
    cached = TestClient(create_app([sample]))
    fresh = TestClient(create_app([sample], page_cache_size=0))
    first = cached.get("/s/sample/issues/harbour.json").json()
    assert first == fresh.get("/s/sample/issues/harbour.json").json()
    # A source document changed by hand shows only where pages are built afresh.
    article = sample.parent / "sources" / "harbour-talks.txt"
    article.write_text(article.read_text(encoding="utf-8").upper(), encoding="utf-8")
    shouting = fresh.get("/s/sample/issues/harbour.json").json()["evidence"][0]["text"]
    assert shouting == first["evidence"][0]["text"].upper() != first["evidence"][0]["text"]
    assert cached.get("/s/sample/issues/harbour.json").json() == first
    # A save is a new version: the page is built again.
    edited = cached.post(
        "/s/sample/positions/northland/harbour", data={"version": 1, "salience": 61}, headers=JSON
    )
    assert edited.json()["version"] == 2
    after = cached.get("/s/sample/issues/harbour.json").json()
    assert after["version"] == 2 and after["evidence"][0]["text"] == shouting
    assert {p["actor"]: p["salience"] for p in after["positions"]}["northland"] == 61
    # So is a run of the models.
    assert after["forecasts_version"] is None
    cached.post("/s/sample/run", headers=JSON)
    assert cached.get("/s/sample/issues/harbour.json").json()["forecasts_version"] == 2
