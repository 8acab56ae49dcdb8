"""The whole pipeline through the CLI on real inputs: the bundled briefs and the seed articles."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.io import load_scenario
from detente.nlp.evaluate import evaluate

REPO = Path(__file__).resolve().parents[2]
BRIEFS = REPO / "examples" / "ukraine-2025" / "briefs"
FLAGSHIP = REPO / "examples" / "ukraine-2025" / "scenario.yaml"
GOLD = REPO / "tests" / "fixtures" / "gold"
runner = CliRunner()


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.relative_to(REPO)} is not there")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def brief_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need(BRIEFS)
    _need(FLAGSHIP)
    out = tmp_path_factory.mktemp("briefs")
    args = [
        "extract",
        str(BRIEFS),
        "--scenario",
        str(FLAGSHIP),
        "--db",
        str(out / "c.db"),
        "--out",
        str(out / "x"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "claims" in result.output and "conflicts" in result.output
    return out


def test_claims_point_at_their_sentences_in_the_stored_text(brief_run: Path) -> None:
    claims = _jsonl(brief_run / "x" / "claims.jsonl")
    scenario = load_scenario(FLAGSHIP)
    actors, issues = {a.id for a in scenario.actors}, {i.id for i in scenario.issues}
    assert len(claims) >= 10
    db = sqlite3.connect(brief_run / "c.db")
    texts = dict(db.execute("SELECT id, text FROM documents"))
    for claim in claims:
        assert texts[claim["doc"]][claim["start"] : claim["end"]] == claim["sentence"]
        assert claim["actor"] in actors and claim["issue"] in issues
        assert claim["stance"] in ("for", "against", "conditional")
        assert set(claim) == {
            "doc",
            "start",
            "end",
            "sentence",
            "actor",
            "speaker",
            "issue",
            "stance",
            "confidence",
            "cue",
            "extractor",
            "steps",
        }
        # The steps that made it, the stance step that decided it last.
        assert claim["steps"][:2] == ["segment.v1", "parse.v1"]
        assert claim["steps"][-1] == claim["extractor"]
    # Every party of the flagship scenario takes a stance somewhere in the briefs.
    assert {"us", "russia", "ukraine"} <= {c["actor"] for c in claims}
    assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == len(claims)


def test_facts_and_conflicts_are_written(brief_run: Path) -> None:
    facts = _jsonl(brief_run / "x" / "facts.jsonl")
    kinds = {f["kind"] for f in facts}
    assert {"date", "duration", "percent"} <= kinds
    for conflict in _jsonl(brief_run / "x" / "conflicts.jsonl"):
        assert len(conflict["sides"]) >= 2
        assert all(side["sources"] for side in conflict["sides"])


def test_extraction_is_idempotent(brief_run: Path, tmp_path: Path) -> None:
    args = [
        "extract",
        str(BRIEFS),
        "--scenario",
        str(FLAGSHIP),
        "--db",
        str(brief_run / "c.db"),
        "--out",
        str(tmp_path),
    ]
    assert runner.invoke(app, args).exit_code == 0
    for name in ("claims.jsonl", "facts.jsonl", "conflicts.jsonl"):
        assert (tmp_path / name).read_text() == (brief_run / "x" / name).read_text()
    db = sqlite3.connect(brief_run / "c.db")
    assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == len(
        _jsonl(tmp_path / "claims.jsonl")
    )


def test_propose_merges_without_overwriting_analyst_values(brief_run: Path, tmp_path: Path) -> None:
    original = load_scenario(FLAGSHIP)
    out = tmp_path / "merged.yaml"
    args = [
        "propose",
        str(BRIEFS),
        *("--scenario", str(FLAGSHIP), "--claims", str(brief_run / "x"), "--out", str(out)),
    ]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would change" in dry.output and not out.exists()
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    merged = load_scenario(out)
    for pos in original.positions:
        kept = merged.position(pos.actor, pos.issue)
        assert kept is not None
        assert (kept.position, kept.salience, kept.red_line) == (
            pos.position,
            pos.salience,
            pos.red_line,
        )
        if pos.confidence is not None:
            assert kept.confidence == pos.confidence
    assert len(merged.positions) >= len(original.positions)


def test_without_a_scenario_actors_and_issues_are_proposed(tmp_path: Path) -> None:
    _need(BRIEFS)
    result = runner.invoke(app, ["extract", str(BRIEFS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    proposed = load_scenario(tmp_path / "scenario.proposed.yaml")
    assert {"us", "russia", "ukraine"} <= {a.id for a in proposed.actors}
    assert len(proposed.issues) >= 2
    claims = _jsonl(tmp_path / "claims.jsonl")
    assert {c["issue"] for c in claims} <= {i.id for i in proposed.issues}


def test_ingest_reports_bad_files_and_keeps_the_good(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("Moscow said the talks in Riyadh would go on.")
    (folder / "bin.txt").write_bytes(b"\x00" * 64)
    (folder / "bad.jsonl").write_text("{oops\n")
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 2
    assert "[DT302]" in result.output and "[DT306]" in result.output
    assert "Traceback" not in result.output
    again = runner.invoke(app, ["ingest", str(folder / "ok.txt"), "--db", str(db)])
    assert again.exit_code == 0 and "1 unchanged" in again.output


def test_seed_dev_set_scores(seeds_dir: Path, tmp_path: Path) -> None:
    gold = [_need(GOLD / "seeds.claims.jsonl"), _need(GOLD / "seeds.facts.jsonl")]
    result = runner.invoke(
        app, ["extract", str(seeds_dir), "--scenario", str(_need(FLAGSHIP)), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    scores = {s.name: s for s in evaluate(gold, tmp_path)}
    # Floors well below the README's figures: a regression, not noise, trips them.
    assert scores["claims (span match)"].f1 >= 0.28
    assert scores["facts (kind, span)"].f1 >= 0.8
    shown = runner.invoke(
        app, ["eval", "--gold", str(gold[0]), "--gold", str(gold[1]), "--pred", str(tmp_path)]
    )
    assert shown.exit_code == 0 and "F1" in shown.output


def test_brief_dev_set_scores(brief_run: Path) -> None:
    gold = _need(GOLD / "briefs.claims.jsonl")
    scores = {s.name: s for s in evaluate([gold], brief_run / "x")}
    assert scores["claims (span match)"].f1 >= 0.42


def test_blind_heldout_scores(tmp_path: Path) -> None:
    """The held-out briefs were written and annotated without sight of the extractor."""
    gold = [GOLD / "heldout.claims.jsonl", GOLD / "heldout.facts.jsonl"]
    heldout = FLAGSHIP.parent / "heldout"
    result = runner.invoke(
        app, ["extract", str(heldout), "--scenario", str(FLAGSHIP), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    scores = {s.name: s for s in evaluate(gold, tmp_path)}
    assert scores["claims (span match)"].f1 >= 0.35
    assert scores["facts (kind, span)"].f1 >= 0.75


def test_eval_rejects_malformed_gold(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"doc": "a", "start": 0, "actor": "us"}\n')
    (tmp_path / "pred").mkdir()
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--pred", str(tmp_path / "pred")])
    assert result.exit_code == 2 and "[DT401]" in result.output
