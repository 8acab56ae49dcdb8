"""Positions over time, changes since a date and events, on real stores and real sentences."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.store import Store
from detente.corpus.timeline import changes_since, cue_label, positions_over_time
from detente.domain.corpus import Claim

D1, D2, D3 = dt.date(2025, 3, 10), dt.date(2025, 3, 18), dt.date(2025, 3, 25)


def _claim(doc: str, actor: str, stance: str, sentence: str, issue: str = "truce") -> Claim:
    return Claim(
        doc=doc,
        start=0,
        end=len(sentence),
        sentence=sentence,
        actor=actor,
        issue=issue,
        stance=stance,
        confidence=0.8,
        cue="test",  # type: ignore[arg-type]
    )


def _rules(name: str) -> list[dict[str, object]]:
    text = resources.files("detente.corpus").joinpath("data", name).read_text(encoding="utf-8")
    return list(YAML(typ="safe").load(text)["rules"])


@pytest.mark.parametrize("name", ["red_line_cues.yaml", "event_cues.yaml"])
def test_every_cue_rule_reads_its_own_example(name: str) -> None:
    for rule in _rules(name):
        assert cue_label(str(rule["example"]), name) == rule["label"], rule["example"]


def test_points_average_a_day_and_keep_their_claims() -> None:
    claims = [
        _claim("a", "north", "for", "North backs the truce."),
        _claim("a", "north", "conditional", "North backs it only if aid flows."),
        _claim("b", "north", "against", "North now rejects the truce."),
        _claim("undated", "north", "for", "North agreed."),
    ]
    points = positions_over_time(claims, {"a": D1, "b": D2, "undated": None})
    assert [(p.date, round(p.position), len(p.claims)) for p in points] == [(D1, 75, 2), (D2, 0, 1)]


def test_changes_since_a_date_are_new_positions_reversals_and_red_lines() -> None:
    claims = [
        _claim("a", "north", "for", "North backs the truce."),
        _claim("b", "north", "against", "North will never accept this truce."),
        _claim("c", "south", "for", "South agreed to the truce."),
        _claim("a", "south", "for", "South backs the truce."),
    ]
    points = positions_over_time(claims, {"a": D1, "b": D2, "c": D3})
    changes = changes_since(points, D1)
    assert [(c.kind, c.actor, c.date) for c in changes] == [
        ("new red line", "north", D2),
        ("reversal", "north", D2),
    ]  # south said the same again after D1: nothing changed
    assert [(c.kind, c.actor) for c in changes_since(points, D1 - dt.timedelta(days=1))][:2] == [
        ("new position", "north"),
        ("new position", "south"),
    ]


def test_cli_timeline_on_a_store_of_the_demo_briefs(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    root = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025"
    runner = CliRunner()
    made = runner.invoke(
        app,
        [
            "extract",
            str(root / "briefs"),
            "--scenario",
            str(root / "scenario.yaml"),
            "--db",
            str(db),
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert made.exit_code == 0, made.output
    result = runner.invoke(
        app,
        [
            "timeline",
            *("--db", str(db), "--since", "2025-03-23", "--json"),
            *("--scenario", str(root / "scenario.yaml")),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    with Store(db) as store:
        dated = {d.id for d in store.documents() if d.date is not None}
        claims = [c for c in store.claims() if c.doc in dated]
    assert sum(len(p["claims"]) for p in data["points"]) == len(claims) > 0
    assert all(c["date"] > "2025-03-23" for c in data["changes"])
    assert {c["kind"] for c in data["changes"]} <= {"new position", "reversal", "new red line"}
    assert data["events"] and all(e["kind"] and e["citations"] for e in data["events"])
    # The briefs of 24 March report the Riyadh round: one event, cited by both.
    riyadh = [e for e in data["events"] if (e["date"], e["kind"]) == ("2025-03-24", "talks")]
    assert any({"brief-000", "brief-001"} <= {c["doc"] for c in e["citations"]} for e in riyadh)
    table = runner.invoke(app, ["timeline", "--db", str(db), "--issue", "black_sea"])
    assert (
        table.exit_code == 0
        and "black_sea" in table.output
        and "energy_ceasefire" not in table.output
    )


def test_cli_timeline_without_a_store_is_a_coded_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["timeline", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "[DT309]" in result.output
