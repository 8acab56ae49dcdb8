"""Every page has a .json twin, and the twin is the very object the HTML was rendered from."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_fixtures import build_store, copy_sample, tuesday_fact
from fastapi.testclient import TestClient

from detente.web import page_routes
from detente.web.app import create_app

JSON = {"accept": "application/json"}

# One real URL per page of page_routes.PAGES (with the query parameters the page reads).
EXAMPLES = {
    "index": "/index",
    "scenario": "/s/sample",
    "deals": "/s/sample/deals?pair=mediator:southland&issues=harbour,quota&respects=1",
    "issue": "/s/sample/issues/harbour",
    "party": "/s/sample/parties/southland",
    "corpus": "/s/sample/corpus?q=quota",
    "review": "/s/sample/review",
    "draft": "/s/sample/draft",
    "history": "/s/sample/history",
    "uncertainty": "/s/sample/uncertainty?draws=50&seed=3&models=median.v1,bdm.v1",
    "timeline": "/s/sample/timeline?since=2025-03-01",
    "compare": "/compare?a=sample@1&b=sample@2",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """A dashboard over a corpus store, with one edit and one model run behind it, so that
    every page shows forecasts, deals, claims, quotes and a second version."""
    folder = tmp_path_factory.mktemp("twins")
    sample = copy_sample(folder / "case")
    db = build_store(sample.parent, folder / "corpus.db", facts=[tuesday_fact(sample.parent)])
    client = TestClient(create_app([sample], db=db))
    edited = client.post(
        "/s/sample/positions/mediator/harbour", data={"version": 1, "position": 60}, headers=JSON
    )
    assert edited.status_code == 200
    assert client.post("/s/sample/run", headers=JSON).status_code == 200
    return client


def _twin_url(url: str) -> str:
    path, _, query = url.partition("?")
    return f"{path}.json" + (f"?{query}" if query else "")


def test_every_page_has_an_example_here() -> None:
    assert {name for _, name, _ in page_routes.PAGES} == set(EXAMPLES)


def test_every_html_page_route_has_a_json_twin(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    def serves(path: str, media: str) -> bool:
        get = paths.get(path, {}).get("get")
        return get is not None and media in get["responses"]["200"].get("content", {})

    pages = [p for p in paths if serves(p, "text/html")]
    assert sorted(pages) == sorted(path for path, _, _ in page_routes.PAGES)
    assert [p for p in pages if not serves(p + ".json", "application/json")] == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_twin_is_the_data_the_html_was_rendered_from(client: TestClient, name: str) -> None:
    url = EXAMPLES[name]
    html = client.get(url)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    context: dict[str, Any] = dict(html.context)  # type: ignore[attr-defined]
    assert context.pop("request").url.path == url.partition("?")[0]
    twin = client.get(_twin_url(url))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert twin.json() == context
    assert html.template == f"{name}.html.j2"  # type: ignore[attr-defined]


def test_home_is_the_index_page(client: TestClient) -> None:
    home = client.get("/")
    context = dict(home.context)  # type: ignore[attr-defined]
    context.pop("request")
    assert context == client.get("/index.json").json()


def test_panels_after_an_edit_render_the_page_data(client: TestClient) -> None:
    version = client.get("/s/sample.json").json()["version"]
    panel = client.post(
        "/s/sample/positions/southland/harbour",
        data={"version": version, "salience": 71},
        headers={"hx-request": "true"},
    )
    assert panel.status_code == 200 and panel.text.lstrip().startswith('<section id="panel"')
    context = dict(panel.context)  # type: ignore[attr-defined]
    context.pop("request")
    assert context == client.get("/s/sample/issues/harbour.json").json()
