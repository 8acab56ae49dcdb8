"""End-to-end in headless Chromium: `detente init` drafts a scenario from the made-up trade
articles, the dashboard's draft page renames an issue, merges two parties and splits an issue,
and after a reload all three are in the page and in the YAML file, review list and evidence
included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, Server
from typer.testing import CliRunner

from detente.cli import app
from detente.io import load_scenario
from detente.web.app import create_app

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Chromium at /usr/bin/chromium", allow_module_level=True)

TRADE = Path(__file__).resolve().parents[1] / "fixtures" / "trade"


def test_rename_and_merge_on_the_draft_page_persist_in_the_yaml(
    browser: Any, tmp_path: Path
) -> None:
    out, db = tmp_path / "draft.yaml", tmp_path / "draft.db"
    articles = [str(p) for p in sorted(TRADE.glob("*.md"))]
    result = CliRunner().invoke(app, ["init", *articles, "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    before = load_scenario(out)
    evidence = {
        issue.id: {
            ref
            for p in before.positions
            if p.issue == issue.id and p.actor in ("europe", "india")
            for ref in p.evidence
        }
        for issue in before.issues
    }
    with Server(create_app([out], db=db)) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server.url}/s/draft/draft")
        assert page.locator("#review-list li.review-item").count() == len(
            [
                line
                for line in out.read_text(encoding="utf-8").splitlines()
                if line.startswith("# - [")
            ]
        )
        assert page.locator("#issue-tariff_cuts blockquote.quote").count() >= 2  # the evidence

        issue = page.locator("#issue-tariff_cuts form.rename")
        issue.locator("input[name=new_id]").fill("car_tariffs")
        issue.locator("input[name=name]").fill("Tariffs on cars")
        with page.expect_navigation():
            issue.locator("button[type=submit]").click()

        party = page.locator("#party-europe form.merge")
        party.locator("select[name=drop]").select_option("india")
        with page.expect_navigation():
            party.locator("button[type=submit]").click()

        page.reload()
        assert page.locator("#issue-car_tariffs h3").inner_text().startswith("Tariffs on cars")
        assert page.locator("#issue-tariff_cuts").count() == 0
        assert page.locator("#party-india").count() == 0
        assert "New Delhi" in page.locator("#party-europe").inner_text()
        flagged = page.locator("li.review-item[data-subject='europe on emissions_targets']")
        assert "india had position 0" in flagged.inner_text()

        split = page.locator("#issue-car_tariffs form.split")
        page.locator("#issue-car_tariffs details.split summary").click()
        ticked = split.locator("input[name=evidence]").first
        actor, _, index = (ticked.get_attribute("value") or "").partition(":")
        ticked.check()
        split.locator("input[name=new_id]").fill("steel_tariffs")
        split.locator("input[name=name]").fill("Tariffs on steel")
        with page.expect_navigation():
            split.locator("button[type=submit]").click()
        page.reload()
        assert page.locator("#issue-steel_tariffs h3").inner_text().startswith("Tariffs on steel")
        assert page.locator(f"#position-{actor}-steel_tariffs").count() == 1
        assert page.locator("li.review-item[data-subject='steel_tariffs']").count() == 1
        assert errors == []
        page.close()

    text = out.read_text(encoding="utf-8")
    assert "# - [issue] steel_tariffs: split from car_tariffs by a person" in text
    moved = load_scenario(out).position(actor, "steel_tariffs")
    held = before.position(actor, "tariff_cuts")
    assert moved is not None and held is not None
    assert moved.evidence == (held.evidence[int(index)],)  # the ticked span, and only it
    assert "# - [issue] car_tariffs: " in text and "# - [party] india: merged into europe" in text
    after = load_scenario(out)
    assert after.issue("car_tariffs").name == "Tariffs on cars"
    assert "india" not in {a.id for a in after.actors}
    merged = after.position("europe", "emissions_targets")
    assert merged is not None
    assert set(merged.evidence) == evidence["emissions_targets"]  # both parties' evidence
    assert [p.actor for p in after.positions if p.issue == "car_tariffs"] == [
        p.actor for p in before.positions if p.issue == "tariff_cuts"
    ]
