"""The deal explorer's view: terms in every hover, every red line checked, tables the report's
script explores from (the script itself runs in tests/e2e/test_report_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_fixtures import PAYLOAD_IMG, hostile_sample

from detente.deals import analyse
from detente.deals.pair import pair_frontier
from detente.deals.zopa import crossed_red_lines
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.report.deal_explorer import (
    WITHIN,
    explorer_figure,
    explorer_tables,
    explorer_view,
    report_explorer,
)
from detente.report.deal_views import deal_view


@pytest.fixture(scope="module")
def flagship(flagship_path: Path) -> Scenario:
    return load_scenario(flagship_path)


def test_every_frontier_point_hovers_its_terms_and_red_lines(flagship: Scenario) -> None:
    found = pair_frontier(flagship, ("russia", "ukraine"))
    figure = explorer_figure(flagship, found)
    frontier = next(t for t in figure["data"] if t["meta"]["role"] == "frontier")
    names = [flagship.issue(i).name for i in found.space.issues]
    assert len(names) == 20
    for k, name in enumerate(names):
        assert f"{name}: %{{customdata[{k}]}}" in frontier["hovertemplate"]
    assert len(frontier["customdata"]) == len(frontier["x"]) == len(found.frontier)
    for package, data, symbol in zip(
        found.frontier.packages, frontier["customdata"], frontier["marker"]["symbol"], strict=True
    ):
        terms = found.space.package_dict(package)
        assert data[:-1] == [int(v) for v in terms.values()]
        crossed = crossed_red_lines(flagship, terms)
        assert (data[-1] == WITHIN) == (crossed == []) == (symbol == "circle")
        if crossed:
            assert all(flagship.actor(a).name in data[-1] for a, _ in crossed)


def test_solutions_and_starting_point_are_drawn_and_reservations_dotted(flagship: Scenario) -> None:
    found = pair_frontier(flagship, ("russia", "ukraine"))
    figure = explorer_figure(flagship, found)
    roles = [t["meta"]["role"] for t in figure["data"]]
    assert roles == ["frontier", "solution", "solution", "solution", "solution", "baseline"]
    assert all(len(t["x"]) == 1 for t in figure["data"][1:])
    lines = figure["layout"]["shapes"]
    assert [s["line"]["dash"] for s in lines] == ["dot", "dot"]
    assert (lines[0]["x0"], lines[1]["y0"]) == (0.0, 0.0)


def test_the_filter_drops_every_package_crossing_a_red_line(flagship: Scenario) -> None:
    chosen = ("nato_membership", "foreign_troops", "security_guarantees", "army_reduction")
    found = pair_frontier(flagship, ("russia", "ukraine"), chosen, respects=True)
    view = explorer_view(flagship, found)
    frontier = view["figure"]["data"][0]
    assert frontier["customdata"] and all(d[-1] == WITHIN for d in frontier["customdata"])
    assert all(row["Red lines"] == WITHIN for row in view["solutions"])
    assert [i["id"] for i in view["issues"] if i["chosen"]] == list(chosen)
    assert "Not included: Energy-strike moratorium" in view["summary"]


def test_tables_reproduce_the_pairs_utilities(flagship: Scenario) -> None:
    """What the report's script computes from: integers / unit / the pair's salience total."""
    tables = explorer_tables(flagship, ("russia", "ukraine"))
    chosen = ("nato_membership", "territory_recognition", "minerals_deal")
    found = pair_frontier(flagship, ("us", "ukraine"), chosen)
    index = {t["id"]: t for t in tables["issues"]}
    parties = [p["id"] for p in tables["parties"]]
    for package, utilities in zip(found.frontier.packages, found.frontier.utilities, strict=True):
        for column, party in enumerate(("us", "ukraine")):
            p = parties.index(party)
            total = sum(index[i]["values"][o][p] for i, o in zip(chosen, package, strict=True))
            salience = sum(index[i]["salience"][p] for i in chosen)
            assert total / tables["unit"] / salience == pytest.approx(utilities[column], abs=1e-12)
    recognition = index["territory_recognition"]
    assert recognition["allowed"] == [False] * 5 and recognition["blocked"]
    assert [len(c) for c in recognition["crossed"]] == [1, 1, 2, 1, 1]


def test_report_explorer_defaults_and_names_escaped(tmp_path: Path) -> None:
    scenario = load_scenario(hostile_sample(tmp_path / "case"))
    assert report_explorer(scenario).tables["pair"] == ["northland", "southland"]  # type: ignore[index]
    explorer = report_explorer(scenario, [("northland", "mediator")])
    assert explorer.view is not None and explorer.tables is not None
    figure = explorer.view["figure"]
    hover = figure["data"][0]["hovertemplate"] + figure["layout"]["yaxis"]["title"]["text"]
    assert PAYLOAD_IMG not in hover and "&lt;img src=x" in hover
    template = explorer.template
    assert template is not None and all(t["x"] == [] for t in template["data"])
    assert len(explorer.view["pairs"]) == 3


def test_the_all_party_view_proposes_only_trades_within_every_red_line(
    river: Scenario, river_blocked: Scenario
) -> None:
    within = deal_view(river, analyse(river))
    assert within.logrolls and within.crossing_logrolls == [] and within.logroll_note is None
    assert any("cost to third parties: Delta -" in r["Gains and costs"] for r in within.logrolls)
    crossing = deal_view(river_blocked, analyse(river_blocked))
    assert crossing.logrolls == [] and crossing.crossing_logrolls
    assert crossing.logroll_note is not None
    assert all("beyond the red line of" in r["Red lines"] for r in crossing.crossing_logrolls)


def test_every_pair_given_is_drawn_once(tmp_path: Path) -> None:
    """``--pair`` is repeatable: it once drew the first pair only and dropped the rest."""
    scenario = load_scenario(hostile_sample(tmp_path / "case"))
    pairs = [("northland", "mediator"), ("southland", "mediator"), ("mediator", "northland")]
    explorer = report_explorer(scenario, pairs)
    assert explorer.view is not None and explorer.view["pair"] == ["northland", "mediator"]
    assert [o["pair"] for o in explorer.others] == [["southland", "mediator"]]
    other = explorer.others[0]
    found = pair_frontier(scenario, ("southland", "mediator"))
    assert other["packages"] == len(found.frontier) and other["figure"]["data"][0]["x"]
    with pytest.raises(DetenteError) as raised:
        report_explorer(scenario, [("northland", "mediator"), ("southland", "nobody")])
    assert raised.value.code == "DT707"
