"""Dashboard editing as an analyst meets it: adding positions, labelled fields, links, refused
saves that keep what was typed, restoring versions, comparing, and searching the evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dashboard_fixtures import build_store, copy_sample
from fastapi.testclient import TestClient

from detente.io import load_scenario
from detente.web.app import create_app

JSON = {"accept": "application/json"}
HTMX = {"hx-request": "true"}
# Invented place names: one party's two spellings of its capital, as Kyiv and Kiev.
ALIASES = ("Sudhafen", "Suedhafen")
ADDED = (
    "Officials in Sudhafen welcomed the cease-fire on the lake.\n"
    "Suedhafen said the ceasefire holds for now.\n"
    "The mediator repeated the offer.\n"
    "The mediator repeated the offer.\n"
)


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


@pytest.fixture()
def client(sample: Path) -> TestClient:
    return TestClient(create_app([sample]), raise_server_exceptions=False)


def _version(client: TestClient) -> int:
    return int(client.get("/s/sample.json").json()["version"])


def test_adding_a_position_with_only_the_position_is_a_400_not_a_500(
    client: TestClient, sample: Path
) -> None:
    before = sample.read_text(encoding="utf-8")
    half = client.post(
        "/s/sample/positions/mediator/quota", data={"version": 1, "position": 40}, headers=JSON
    )
    assert half.status_code == 400 and half.json()["error"] == "DT704"
    assert "salience" in half.json()["message"]
    assert sample.read_text(encoding="utf-8") == before
    full = client.post(
        "/s/sample/positions/mediator/quota",
        data={"version": 1, "position": 40, "salience": 25, "note": "", "confidence": ""},
        headers=JSON,
    )
    assert full.status_code == 200 and full.json()["version"] == 2
    added = load_scenario(sample).position("mediator", "quota")
    assert added is not None and (added.position, added.salience, added.note) == (40, 25, None)
    notes = [v["note"] for v in client.get("/s/sample/history.json").json()["versions"]]
    assert notes[0] == "mediator on quota: position added (position 40, salience 25)"


def test_fields_are_labelled_with_the_scales_words_and_take_note_and_confidence(
    client: TestClient, sample: Path
) -> None:
    html = client.get("/s/sample/issues/harbour").text
    row = html[html.index('id="row-northland"') : html.index('id="row-southland"')]
    labels = re.findall(r"<label[^>]*>\s*([A-Z][a-z]+(?: [a-z]+)?)", row)
    assert labels == ["Position", "Salience", "Red line", "Confidence", "Note"]
    assert "95/100, the scale&#39;s mark for fully open all year" in row
    assert "Red line: 60/100, between the scale&#39;s marks for" in row
    datalist = html[html.index('<datalist id="scale-harbour">') :].split("</datalist>")[0]
    assert re.findall(r'label="([^"]+)"', datalist) == [
        "closed to Northland",
        "joint patrols",
        "fully open all year",
    ]
    saved = client.post(
        "/s/sample/positions/northland/harbour",
        data={"version": 1, "confidence": "0.7", "note": "  from the minister's speech  "},
        headers=JSON,
    )
    assert saved.status_code == 200
    held = load_scenario(sample).position("northland", "harbour")
    assert held is not None and (held.confidence, held.note) == (0.7, "from the minister's speech")
    assert held.position == 95  # fields not sent are kept
    assert 'value="from the minister&#39;s speech"' in client.get("/s/sample/issues/harbour").text
    removed = client.post(
        "/s/sample/positions/northland/harbour",
        data={"version": 2, "note": "", "confidence": ""},
        headers=JSON,
    )
    assert removed.status_code == 200, removed.text
    held = load_scenario(sample).position("northland", "harbour")
    assert held is not None and (held.confidence, held.note) == (None, None)
    bad = client.post(
        "/s/sample/positions/northland/harbour",
        data={"version": 3, "confidence": "1.5"},
        headers=JSON,
    )
    assert bad.status_code == 400 and bad.json()["error"] == "DT704"


def test_the_same_span_cannot_be_linked_twice(client: TestClient, sample: Path) -> None:
    hit = client.get("/s/sample/corpus.json?q=garrison").json()["hits"][0]
    assert hit["linked"] == []
    fields = {"actor": "southland", "issue": "harbour", "doc": hit["doc"]}
    fields |= {"start": hit["start"], "end": hit["end"]}
    first = client.post("/s/sample/link", data={"version": 1, **fields}, headers=JSON)
    assert first.status_code == 200
    after_first = sample.read_text(encoding="utf-8")
    again = client.post("/s/sample/link", data={"version": 2, **fields}, headers=JSON)
    assert again.status_code == 400 and again.json()["error"] == "DT720"
    existing = client.post(
        "/s/sample/positions/northland/harbour/evidence",
        data={"version": 2, "doc": "harbour-talks.txt", "start": 169, "end": 223},
        headers=JSON,
    )
    assert existing.status_code == 400 and existing.json()["error"] == "DT720"
    assert sample.read_text(encoding="utf-8") == after_first
    relinked = client.get("/s/sample/corpus.json?q=garrison").json()["hits"][0]
    assert relinked["linked"] == [{"actor": "southland", "issue": "harbour"}]
    assert (
        "Already evidence for Southland on Harbour access"
        in client.get("/s/sample/corpus?q=garrison").text
    )


def test_a_refused_save_comes_back_with_what_was_typed(client: TestClient, sample: Path) -> None:
    elsewhere = client.post(
        "/s/sample/positions/northland/harbour", data={"version": 1, "salience": 88}, headers=JSON
    )
    assert elsewhere.status_code == 200
    typed = {"version": 1, "position": "33", "salience": "70", "note": "typed before the 409"}
    stale = client.post("/s/sample/positions/southland/harbour", data=typed, headers=HTMX)
    assert stale.status_code == 200 and stale.headers["hx-retarget"] == "#messages"
    assert "409" in stale.text and 'hx-swap-oob="outerHTML"' in stale.text
    row = stale.text[stale.text.index('id="row-southland"') :].split("</tr>")[0]
    assert 'name="position" ' in row and 'value="33"' in row
    assert 'value="typed before the 409"' in row
    assert '<input type="hidden" name="version" value="2">' in row
    assert load_scenario(sample).position("southland", "harbour").position == 40  # type: ignore[union-attr]
    plain = client.post("/s/sample/positions/southland/harbour", data=typed)
    assert plain.status_code == 409 and 'value="33"' in plain.text
    invalid = client.post(
        "/s/sample/positions/southland/harbour",
        data={"version": 2, "position": "300", "salience": "70"},
        headers=HTMX,
    )
    assert 'value="300"' in invalid.text and "DT704" in invalid.text
    again = client.post(
        "/s/sample/positions/southland/harbour", data={**typed, "version": 2}, headers=JSON
    )
    assert again.status_code == 200
    saved = load_scenario(sample).position("southland", "harbour")
    assert saved is not None and (saved.position, saved.note) == (33, "typed before the 409")


def test_restore_any_version_then_undo_the_restore(client: TestClient, sample: Path) -> None:
    original = sample.read_text(encoding="utf-8")
    client.post(
        "/s/sample/positions/mediator/harbour", data={"version": 1, "position": 60}, headers=JSON
    )
    client.post("/s/sample/actors/northland", data={"version": 2, "capability": 70}, headers=JSON)
    third = sample.read_text(encoding="utf-8")
    history = client.get("/s/sample/history").text
    assert 'aria-label="restore version 1"' in history
    assert 'aria-label="restore version 3"' not in history  # the current version
    stale = client.post("/s/sample/restore", data={"version": 2, "target": 1}, headers=JSON)
    assert stale.status_code == 409
    restored = client.post("/s/sample/restore", data={"version": 3, "target": 1}, headers=JSON)
    assert restored.status_code == 200 and restored.json()["version"] == 4
    assert sample.read_text(encoding="utf-8") == original
    versions = client.get("/s/sample/history.json").json()["versions"]
    assert versions[0]["note"] == "restored version 1" and versions[0]["parent"] == 3
    assert client.post("/s/sample/undo", data={"version": 4}, headers=JSON).status_code == 200
    assert sample.read_text(encoding="utf-8") == third
    missing = client.post("/s/sample/restore", data={"version": 5, "target": 42}, headers=JSON)
    assert missing.status_code == 404
    redirect = client.post(
        "/s/sample/restore", data={"version": 5, "target": 2}, follow_redirects=False
    )
    assert redirect.status_code == 303 and redirect.headers["location"] == "/s/sample/history"


def test_compare_lists_moves_largest_first_and_no_zero_moves(client: TestClient) -> None:
    client.post(
        "/s/sample/positions/northland/harbour", data={"version": 1, "position": 60}, headers=JSON
    )
    client.post(
        "/s/sample/positions/southland/quota", data={"version": 2, "position": 30}, headers=JSON
    )
    data = client.get("/compare.json?a=sample@1&b=sample@3").json()
    moves = [abs(r["moved"]) for r in data["forecasts"]]
    assert moves and moves == sorted(moves, reverse=True)
    assert min(moves) >= 0.05 and data["unmoved"] > 0
    sizes = [abs(c["after"] - c["before"]) for c in data["changes"]]
    assert sizes == sorted(sizes, reverse=True) == [35, 15]
    page = client.get("/compare?a=sample@1&b=sample@3").text
    assert "+0.0" not in page and "-0.0" not in page
    assert f"{data['unmoved']} did not move" in page


def _searchable(tmp_path: Path) -> Path:
    """The sample with one more paragraph in an article and two spellings of a party's name."""
    path = copy_sample(tmp_path / "case")
    article = path.parent / "sources" / "harbour-talks.txt"
    article.write_text(article.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  - id: southland\n    name: Southland\n",
            f"  - id: southland\n    name: Southland\n    aliases: [{', '.join(ALIASES)}]\n",
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("with_store", [False, True])
def test_search_understands_hyphens_spellings_and_filters(tmp_path: Path, with_store: bool) -> None:
    path = _searchable(tmp_path)
    db = build_store(path.parent, tmp_path / "corpus.db") if with_store else None
    client = TestClient(create_app([path], db=db), raise_server_exceptions=False)

    def hits(**params: str) -> list[dict[str, object]]:
        response = client.get("/s/sample/corpus.json", params=params)
        assert response.status_code == 200, response.text
        return list(response.json()["hits"])

    found = hits(q="cease-fire")
    assert {h["text"] for h in found} == {
        "Officials in Sudhafen welcomed the cease-fire on the lake.",
        "Suedhafen said the ceasefire holds for now.",
    }
    marked = {"".join(p for p, hit in h["pieces"] if hit) for h in found}  # type: ignore[attr-defined]
    assert marked == {"cease-fire", "ceasefire"}
    page = client.get("/s/sample/corpus", params={"q": "cease-fire"}).text
    assert "<mark>cease-fire</mark>" in page and "<mark>ceasefire</mark>" in page

    spans = {(h["doc"], h["start"]) for h in hits(q=ALIASES[0])}
    assert spans == {(h["doc"], h["start"]) for h in hits(q=ALIASES[1])} and len(spans) == 2
    assert len(hits(q=ALIASES[1], exact="1")) == 1
    assert client.get("/s/sample/corpus.json", params={"q": ALIASES[1]}).json()["variants"] == [
        ALIASES[0]
    ]

    everywhere = {h["doc"] for h in hits(q="quota OR harbour")}
    assert everywhere == {"harbour-talks.txt", "fishing-quota.txt"}
    assert {h["doc"] for h in hits(q="quota OR harbour", outlet="Valley Post")} == {
        "fishing-quota.txt"
    }
    assert {h["doc"] for h in hits(q="quota OR harbour", **{"from": "2025-03-20"})} == {
        "fishing-quota.txt"
    }
    assert {h["doc"] for h in hits(q="quota OR harbour", to="2025-03-19")} == {"harbour-talks.txt"}
    bad = client.get("/s/sample/corpus.json", params={"q": "quota", "to": "soon"})
    assert bad.status_code == 400 and bad.json()["error"] == "DT311"
    outlets = client.get("/s/sample/corpus.json", params={"q": "quota"}).json()["outlets"]
    assert outlets == ["Lakeside Courier", "Valley Post"]

    text = (path.parent / "sources" / "harbour-talks.txt").read_text(encoding="utf-8")
    repeated = hits(q='"repeated the offer"')
    assert sorted(h["start"] for h in repeated) == [  # type: ignore[type-var]
        m.start() for m in re.finditer("The mediator repeated the offer.", text)
    ]
    for h in repeated:
        assert text[h["start"] : h["end"]] == h["text"]  # type: ignore[misc]
