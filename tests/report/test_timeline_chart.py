"""The position-over-time chart (report/timeline_chart.py) and its place in the report."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.domain import Actor, Claim, Issue, Scenario
from detente.report.timeline_chart import CHART_ID, position_timeline
from detente.workflows.report import make_report

TRADE = Path(__file__).resolve().parents[1] / "fixtures" / "trade"
SCENARIO = Scenario(
    title="t",
    actors=(Actor(id="north", name="Northland"), Actor(id="south", name="Southland")),
    issues=(
        Issue(
            id="pause", name="Naval pause", proposition="A pause.", anchors={0: "no", 100: "yes"}
        ),
        Issue(id="quota", name="Fish quota", proposition="A quota."),
    ),
)
DATES = {"a.txt": dt.date(2025, 3, 1), "b.txt": dt.date(2025, 3, 8), "undated.txt": None}


def _claim(doc: str, actor: str, issue: str, stance: str, sentence: str) -> Claim:
    return Claim(
        doc=doc,
        start=0,
        end=len(sentence),
        sentence=sentence,
        actor=actor,
        issue=issue,
        stance=stance,
        confidence=0.9,
        cue="said",
    )


CLAIMS = [
    _claim("a.txt", "north", "pause", "for", "Northland backs the <b>pause</b>."),
    _claim("b.txt", "north", "pause", "against", "Northland now rejects the pause."),
    _claim("a.txt", "south", "pause", "conditional", "Southland backs it if patrols stop."),
    _claim("undated.txt", "south", "pause", "for", "Southland backs the pause."),
    _claim("a.txt", "west", "pause", "for", "Westland, no party here, backs it."),
]


def test_a_line_per_party_across_dates_with_the_claims_on_hover() -> None:
    chart = position_timeline(SCENARIO, CLAIMS, DATES)
    assert list(chart.figures) == ["pause"]  # no dated claim on the quota: no chart for it
    traces = {t["name"]: t for t in chart.figures["pause"]["data"]}
    assert set(traces) == {"Northland", "Southland"}
    north = traces["Northland"]
    assert north["x"] == ["2025-03-01", "2025-03-08"] and north["y"] == [100.0, 0.0]
    assert traces["Southland"]["y"] == [50.0]  # the undated claim is left out
    assert "rejects the pause" in north["text"][1] and "against" in north["text"][1]
    assert "&lt;b&gt;pause&lt;/b&gt;" in north["text"][0]  # article text is escaped
    assert chart.figures["pause"]["layout"]["yaxis"]["ticktext"][0] == "0 no"
    assert {(r["actor"], r["date"]) for r in chart.data} == {
        ("north", "2025-03-01"),
        ("north", "2025-03-08"),
        ("south", "2025-03-01"),
    }


def test_the_fragment_holds_each_figure_for_the_shared_chart_script() -> None:
    chart = position_timeline(SCENARIO, CLAIMS, DATES)
    found = re.findall(r'id="([^"]+)" data-figure="([^"]*)"', chart.html)
    assert [i for i, _ in found] == [f"{CHART_ID}-pause"]
    assert json.loads(html.unescape(found[0][1])) == chart.figures["pause"]
    assert "<figcaption>Naval pause</figcaption>" in chart.html
    assert not position_timeline(SCENARIO, [], DATES)


@pytest.fixture(scope="module")
def trade_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("trade")
    out, db = folder / "draft.yaml", folder / "c.db"
    articles = [str(p) for p in sorted(TRADE.glob("*.md"))]
    result = CliRunner().invoke(app, ["init", *articles, "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    # A fresh draft has no reviewed claim yet: its report shows them marked as unreviewed.
    report = make_report(out, folder / "report.html", corpus=db, unreviewed=True)
    return report.read_text(encoding="utf-8")


def test_the_report_of_a_draft_shows_positions_over_time(trade_report: str) -> None:
    assert 'id="positions-over-time"' in trade_report
    assert f'id="{CHART_ID}-tariff_cuts"' in trade_report
    assert "Not available: no dated claims" not in trade_report


def test_without_a_corpus_the_report_says_why_there_is_no_chart(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "title: t\nactors: [{id: a, name: A}, {id: b, name: B}]\n"
        "issues: [{id: i, name: I, proposition: P.}]\npositions:\n"
        "  - {actor: a, issue: i, position: 20, salience: 50}\n"
        "  - {actor: b, issue: i, position: 80, salience: 50}\n",
        encoding="utf-8",
    )
    text = make_report(path, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Not available: no dated claims on the scenario" in text
