"""``detente init`` and ``detente propose`` without ``--scenario`` on the made-up trade talks."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app
from detente.corpus.store import Store
from detente.io import load_scenario

runner = CliRunner()
TRADE = Path(__file__).resolve().parents[1] / "fixtures" / "trade"
ARTICLES = [str(p) for p in sorted(TRADE.glob("*.md"))]


def test_init_writes_a_draft_says_so_prints_the_review_and_stores_the_claims(
    tmp_path: Path,
) -> None:
    out, db = tmp_path / "draft.yaml", tmp_path / "c.db"
    result = runner.invoke(app, ["init", *ARTICLES, "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "DRAFT written to" in result.stdout and "nothing in it is checked" in result.stdout
    assert "[capability] all parties" in result.stdout
    scenario = load_scenario(out)
    assert out.read_text(encoding="utf-8").startswith("# DRAFT")
    with Store(db) as store:
        claims = store.claims()
    assert claims and {c.actor for c in claims} <= {a.id for a in scenario.actors}
    assert {c.issue for c in claims} <= {i.id for i in scenario.issues}
    again = runner.invoke(app, ["init", *ARTICLES, "--out", str(out)])
    assert again.exit_code == 2 and "[DT409]" in again.stderr


def test_init_parties_steer_the_draft_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "two.yaml"
    result = runner.invoke(app, ["init", *ARTICLES, "--out", str(out), "--parties", "us,china"])
    assert result.exit_code == 0, result.output
    assert {a.id for a in load_scenario(out).actors} == {"us", "china"}
    assert "not among --parties" in result.stdout
    bad = runner.invoke(
        app, ["init", *ARTICLES, "--out", str(tmp_path / "x.yaml"), "--parties", "us,mars"]
    )
    assert bad.exit_code == 2 and "[DT408]" in bad.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_propose_without_a_scenario_drafts_one(tmp_path: Path) -> None:
    out = tmp_path / "proposed.yaml"
    result = runner.invoke(app, ["propose", *ARTICLES, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "DRAFT written to" in result.stdout
    assert load_scenario(out).positions
