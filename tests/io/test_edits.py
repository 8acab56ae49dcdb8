"""Scenario edits on real files: each change, saved, keeps comments, order and untouched lines."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from detente.domain import Document, EvidenceRef, Position, Scenario
from detente.errors import DetenteError
from detente.io import edits, load_scenario, review_list
from detente.io.scenario_yaml import load_document, save_document
from detente.nlp.propose import ProposedPosition

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "report" / "data" / "sample.yaml"
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


def _apply(path: Path, change: Callable[[CommentedMap, Scenario], str]) -> tuple[str, list[str]]:
    """Run one edit, save it, and return its description and the changed lines of the file."""
    before = path.read_text(encoding="utf-8")
    document, scenario = load_document(path)
    note = change(document, scenario)
    save_document(document, path)
    after = path.read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return note, diff


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return _copy(SAMPLE, tmp_path)


def test_set_position_changes_only_its_lines_in_the_flagship(tmp_path: Path) -> None:
    path = _copy(FLAGSHIP, tmp_path)
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if "#" in line]
    note, diff = _apply(
        path, lambda d, s: edits.set_position(d, s, "us", "full_ceasefire", position=90.0)
    )
    assert note == "us on full_ceasefire: position 90"
    assert diff == ["-    position: 100", "+    position: 90"]
    text = path.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if "#" in line] == comments
    held = load_scenario(path).position("us", "full_ceasefire")
    assert held is not None and held.position == 90


def test_note_confidence_and_red_line_are_set_and_removed(sample: Path) -> None:
    note, diff = _apply(
        sample,
        lambda d, s: edits.set_position(
            d, s, "mediator", "harbour", confidence=0.7, note="from the mediator's briefing"
        ),
    )
    assert note == "mediator on harbour: confidence 0.7, note from the mediator's briefing"
    assert diff == ["+    confidence: 0.7", "+    note: from the mediator's briefing"]
    _, diff = _apply(
        sample,
        lambda d, s: edits.set_position(d, s, "northland", "harbour", red_line=None, note=None),
    )
    assert diff == ["-    red_line: 60"]
    held = load_scenario(sample).position("northland", "harbour")
    assert held is not None and held.red_line is None and held.position == 95


def test_a_new_position_needs_position_and_salience(sample: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    document, scenario = load_document(sample)
    with pytest.raises(DetenteError) as caught:
        edits.set_position(document, scenario, "mediator", "quota", position=40)
    assert caught.value.code == "DT704" and "salience too" in str(caught.value)
    with pytest.raises(DetenteError) as removed:
        edits.set_position(document, scenario, "northland", "quota", salience=None)
    assert removed.value.code == "DT704"
    assert sample.read_text(encoding="utf-8") == before
    note, diff = _apply(
        sample,
        lambda d, s: edits.set_position(d, s, "mediator", "quota", position=40, salience=25),
    )
    assert note == "mediator on quota: position added (position 40, salience 25)"
    assert diff == [
        "+  - actor: mediator",
        "+    issue: quota",
        "+    position: 40",
        "+    salience: 25",
    ]
    assert sample.read_text(encoding="utf-8").startswith(before.rstrip("\n"))


def test_unknown_party_or_issue_is_a_404_code(sample: Path) -> None:
    document, scenario = load_document(sample)
    for actor, issue in (("nobody", "quota"), ("mediator", "nothing")):
        with pytest.raises(DetenteError) as caught:
            edits.set_position(document, scenario, actor, issue, position=1, salience=1)
        assert caught.value.code == "DT702"


def test_link_once_then_unlink(sample: Path) -> None:
    _, diff = _apply(
        sample,
        lambda d, s: edits.link_evidence(d, s, "northland", "pause", "fishing-quota.txt", 0, 13),
    )
    assert diff == [
        "+    evidence:",
        "+      - {doc: fishing-quota.txt, start: 0, end: 13}",
    ]
    document, scenario = load_document(sample)
    with pytest.raises(DetenteError) as twice:
        edits.link_evidence(document, scenario, "northland", "pause", "fishing-quota.txt", 0, 13)
    assert twice.value.code == "DT720"
    _, diff = _apply(sample, lambda d, s: edits.unlink_evidence(d, s, "northland", "pause", 0))
    assert diff == ["-    evidence:", "-      - {doc: fishing-quota.txt, start: 0, end: 13}"]
    document, scenario = load_document(sample)
    with pytest.raises(DetenteError) as missing:
        edits.unlink_evidence(document, scenario, "northland", "pause", 0)
    assert missing.value.code == "DT704"


def test_linking_a_new_document_declares_it_as_a_source(sample: Path) -> None:
    (sample.parent / "sources").mkdir(exist_ok=True)
    _, diff = _apply(
        sample,
        lambda d, s: edits.link_evidence(
            d, s, "mediator", "harbour", "late.txt", 4, 9, {"outlet": "Lake Gazette"}
        ),
    )
    assert "+  - id: late.txt" in diff and "+    outlet: Lake Gazette" in diff
    scenario = load_scenario(sample)
    assert scenario.sources[-1].outlet == "Lake Gazette"


def test_capability(sample: Path) -> None:
    note, diff = _apply(sample, lambda d, s: edits.set_capability(d, s, "mediator", 25.0))
    assert note == "mediator: capability 25"
    assert diff == ["-    capability: 20", "+    capability: 25"]


def test_rename_moves_every_reference(sample: Path) -> None:
    comment = sample.read_text(encoding="utf-8").splitlines()[0]
    note, _ = _apply(sample, lambda d, s: edits.rename(d, s, "actors", "southland", "south"))
    assert note == "actor southland renamed to south"
    scenario = load_scenario(sample)
    assert [p.issue for p in scenario.positions if p.actor == "south"] == ["harbour", "quota"]
    assert "southland" not in sample.read_text(encoding="utf-8").replace("Southland", "")
    assert sample.read_text(encoding="utf-8").splitlines()[0] == comment
    _apply(sample, lambda d, s: edits.rename(d, s, "sources", "harbour-talks.txt", "talks.txt"))
    docs = {e.doc for p in load_scenario(sample).positions for e in p.evidence}
    assert docs == {"talks.txt", "fishing-quota.txt"}
    document, scenario = load_document(sample)
    for section, old, new, code in (
        ("issues", "quota", "harbour", "DT704"),  # taken
        ("issues", "quota", "Quota Share", "DT704"),  # not a slug
        ("issues", "nothing", "other", "DT702"),
        ("positions", "x", "y", "DT704"),
    ):
        with pytest.raises(DetenteError) as caught:
            edits.rename(document, scenario, section, old, new)
        assert caught.value.code == code


def test_merge_proposals_adds_fills_and_keeps(sample: Path) -> None:
    proposals = [
        ProposedPosition(
            Position(
                actor="mediator",
                issue="quota",
                position=65.0,
                salience=44.0,
                confidence=0.5,
                evidence=(EvidenceRef(doc="fishing-quota.txt", start=0, end=13),),
                note="propose.v1: 2 claims",
            ),
            ("fishing-quota.txt",),
            2,
        ),
        ProposedPosition(
            Position(
                actor="northland",
                issue="pause",
                position=100.0,
                salience=50.0,
                confidence=0.8,
                evidence=(EvidenceRef(doc="new.txt", start=1, end=5),),
            ),
            ("new.txt",),
            1,
        ),
    ]
    new_doc = Document(id="new.txt", text="a new article", sha256="0" * 64, outlet="Lake Gazette")
    document, scenario = load_document(sample)
    report = edits.merge_proposals(document, scenario, proposals, [new_doc])
    save_document(document, sample)
    assert report.added == ["mediator/quota: position 65, salience 44, confidence 0.5 (2 claims)"]
    assert report.filled == ["northland/pause: filled confidence, evidence"]
    assert report.kept == ["northland/pause: kept analyst position 10 (corpus suggests 100)"]
    assert report.sources_added == ["new.txt"] and report.changed
    merged = load_scenario(sample)
    kept = merged.position("northland", "pause")
    assert kept is not None and (kept.position, kept.confidence) == (10, 0.8)
    added = merged.position("mediator", "quota")
    assert added is not None and added.note == "propose.v1: 2 claims"
    assert merged.sources[-1].id == "new.txt" and merged.sources[-1].outlet == "Lake Gazette"
    assert sample.read_text(encoding="utf-8").startswith("# A small invented negotiation")


# The guided review of a draft. trade_draft.yaml is what `detente init` wrote from the made-up
# trade articles in tests/fixtures/trade (review list in its opening comment, REVIEW markers).
DRAFT = ROOT / "tests" / "io" / "data" / "trade_draft.yaml"


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    return _copy(DRAFT, tmp_path)


def _review(path: Path) -> tuple[list[str], list[str]]:
    document, _ = load_document(path)
    return [i.line() for i in review_list.items(document)], review_list.reviewed(document)


def test_mark_reviewed_moves_the_item_to_the_record_and_drops_its_marker(draft: Path) -> None:
    listed, _ = _review(draft)
    index = next(i for i, line in enumerate(listed) if line.startswith("- [red line] us on tariff"))
    before = load_scenario(draft).position("us", "tariff_cuts")
    note, diff = _apply(draft, lambda d, s: edits.mark_reviewed(d, s, index))
    assert note == "review: red line us on tariff_cuts accepted"
    after_list, record = _review(draft)
    assert len(after_list) == len(listed) - 1 and listed[index] not in after_list
    assert record == ["[red line] us on tariff_cuts: accepted"]
    assert "-    red_line: 50  # REVIEW: drafted from a stated limit" in diff
    assert "+    red_line: 50" in diff
    assert load_scenario(draft).position("us", "tariff_cuts") == before  # evidence kept
    other = load_scenario(draft).position("us", "new_sanctions")
    assert other is not None and other.red_line == 50
    assert "red_line: 50  # REVIEW" in draft.read_text(encoding="utf-8")  # the other marker
    with pytest.raises(DetenteError) as error:
        _apply(draft, lambda d, s: edits.mark_reviewed(d, s, 99))
    assert error.value.code == "DT702"


def test_accepting_capability_clears_every_capability_marker(draft: Path) -> None:
    listed, _ = _review(draft)
    index = next(i for i, line in enumerate(listed) if line.startswith("- [capability]"))
    _apply(draft, lambda d, s: edits.mark_reviewed(d, s, index))
    text = draft.read_text(encoding="utf-8")
    assert "capability: 1  # REVIEW" not in text and text.count("capability: 1\n") == 4


def test_confirm_position_settles_every_item_about_it(draft: Path) -> None:
    note, _ = _apply(draft, lambda d, s: edits.confirm_position(d, s, "china", "emissions_targets"))
    assert note == "china on emissions_targets: position 50 confirmed"
    listed, record = _review(draft)
    assert not [line for line in listed if "china on emissions_targets" in line]
    assert record == [
        "[position] china on emissions_targets: accepted",
        "[position] china on emissions_targets: confirmed at 50",
    ]
    assert "# REVIEW: claims on both sides" not in draft.read_text(encoding="utf-8")
    with pytest.raises(DetenteError) as error:
        _apply(draft, lambda d, s: edits.confirm_position(d, s, "india", "tariff_cuts"))
    assert error.value.code == "DT704"


def test_merge_actors_moves_positions_flags_conflicts_and_keeps_evidence(draft: Path) -> None:
    before = load_scenario(draft)
    india = before.position("india", "emissions_targets")
    europe = before.position("europe", "emissions_targets")
    assert india is not None and europe is not None and india.position != europe.position
    note, _ = _apply(draft, lambda d, s: edits.merge_actors(d, s, "europe", "india"))
    assert note == (
        "party india merged into europe: 0 position(s) moved; "
        "positions differ for europe on emissions_targets (flagged)"
    )
    after = load_scenario(draft)
    assert "india" not in {a.id for a in after.actors}
    assert not [p for p in after.positions if p.actor == "india"]
    merged = after.position("europe", "emissions_targets")
    assert merged is not None and merged.position == europe.position  # not averaged
    assert list(merged.evidence) == [*europe.evidence, *india.evidence]
    assert {"India", "New Delhi"} <= set(after.actor("europe").aliases)
    listed, record = _review(draft)
    assert record == ["[party] india: merged into europe"]
    assert any(
        line.startswith("- [position] europe on emissions_targets: merging party india")
        and "india had position 0, europe has 100" in line
        for line in listed
    )
    assert "position: 100  # REVIEW: merged party india said 0" in draft.read_text(encoding="utf-8")


def test_merge_issues_moves_the_positions_the_first_lacks(draft: Path) -> None:
    before = load_scenario(draft)
    sanctions = before.position("us", "new_sanctions")
    assert sanctions is not None
    note, _ = _apply(draft, lambda d, s: edits.merge_issues(d, s, "trade_quotas", "tariff_cuts"))
    assert note.startswith("issue tariff_cuts merged into trade_quotas: 0 position(s) moved")
    after = load_scenario(draft)
    assert "tariff_cuts" not in {i.id for i in after.issues}
    for actor in ("us", "china", "europe"):
        kept, old, new = (
            before.position(actor, "trade_quotas"),
            before.position(actor, "tariff_cuts"),
            after.position(actor, "trade_quotas"),
        )
        assert kept is not None and old is not None and new is not None
        assert new.position == kept.position
        assert set(new.evidence) == set(kept.evidence) | set(old.evidence)
    # A party without a position on the kept issue gets the dropped one, evidence and all.
    note, _ = _apply(
        draft, lambda d, s: edits.merge_issues(d, s, "new_sanctions", "emissions_targets")
    )
    assert "3 position(s) moved" in note
    moved = load_scenario(draft).position("india", "new_sanctions")
    old_india = before.position("india", "emissions_targets")
    assert moved is not None and old_india is not None
    assert (moved.position, moved.evidence) == (old_india.position, old_india.evidence)
    for bad, code in (
        (("trade_quotas", "trade_quotas"), "DT704"),
        (("x", "new_sanctions"), "DT702"),
    ):
        with pytest.raises(DetenteError) as error:
            _apply(draft, lambda d, s, b=bad: edits.merge_issues(d, s, *b))
        assert error.value.code == code


def test_set_name_and_rename_carry_the_review_items_along(draft: Path) -> None:
    _apply(draft, lambda d, s: edits.rename(d, s, "issues", "tariff_cuts", "tariffs"))
    note, diff = _apply(
        draft, lambda d, s: edits.set_name(d, s, "issues", "tariffs", "Car tariffs")
    )
    assert note == "issue tariffs named 'Car tariffs'"
    assert diff == ["-    name: Lower tariffs", "+    name: Car tariffs"]
    listed, _ = _review(draft)
    assert any(line.startswith("- [issue] tariffs: ") for line in listed)
    assert any(line.startswith("- [red line] us on tariffs: ") for line in listed)
    assert not any("] us on tariff_cuts" in line for line in listed)
    with pytest.raises(DetenteError):
        _apply(draft, lambda d, s: edits.set_name(d, s, "issues", "tariffs", "  "))
