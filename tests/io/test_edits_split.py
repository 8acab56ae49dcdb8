"""Split edits (io/edits_split.py) on a real drafted file: tests/io/data/trade_draft.yaml, as
``detente init`` wrote it for tests/fixtures/trade. Each split is saved and read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.io import load_scenario, review_list
from detente.io.edits_split import split_actor, split_issue
from detente.io.scenario_yaml import load_document, save_document

DRAFT = Path(__file__).resolve().parent / "data" / "trade_draft.yaml"


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    target = tmp_path / DRAFT.name
    shutil.copy(DRAFT, target)
    return target


def _save(path: Path, change) -> str:  # type: ignore[no-untyped-def]
    document, scenario = load_document(path)
    note: str = change(document, scenario)
    save_document(document, path)
    return note


def _listed(path: Path) -> list[str]:
    document, _ = load_document(path)
    return [i.line() for i in review_list.items(document)]


def test_split_issue_moves_the_chosen_evidence_and_flags_the_positions(draft: Path) -> None:
    before = load_scenario(draft)
    us, europe = before.position("us", "tariff_cuts"), before.position("europe", "tariff_cuts")
    assert us is not None and europe is not None and len(europe.evidence) == 3
    chosen = [("us", 0), ("us", 1), ("europe", 2)]
    note = _save(
        draft, lambda d, s: split_issue(d, s, "tariff_cuts", "car_tariffs", "Car tariffs", chosen)
    )
    assert note == (
        "issue tariff_cuts split: car_tariffs (Car tariffs) takes 3 evidence span(s) of europe, us"
    )
    after = load_scenario(draft)
    ids = [i.id for i in after.issues]
    assert ids[ids.index("tariff_cuts") + 1] == "car_tariffs"  # right after the one it came from
    new = after.issue("car_tariffs")
    assert new.name == "Car tariffs" and new.anchors == before.issue("tariff_cuts").anchors
    # The US position had nothing left on tariff_cuts: it moved whole, values and evidence.
    assert after.position("us", "tariff_cuts") is None
    moved = after.position("us", "car_tariffs")
    assert moved is not None and (moved.position, moved.evidence) == (us.position, us.evidence)
    # Europe's is divided: the twin takes one span and starts at the old values; both flagged.
    kept, twin = after.position("europe", "tariff_cuts"), after.position("europe", "car_tariffs")
    assert kept is not None and twin is not None
    assert kept.evidence == europe.evidence[:2] and twin.evidence == europe.evidence[2:]
    assert (twin.position, twin.salience) == (europe.position, europe.salience)
    text = draft.read_text(encoding="utf-8")
    assert "# REVIEW: split from tariff_cuts: say what car_tariffs is about" in text
    assert "# REVIEW: copied from tariff_cuts; check" in text
    assert "# REVIEW: split: 1 span(s) went to car_tariffs" in text
    listed = _listed(draft)
    assert any(line.startswith("- [issue] car_tariffs: split from tariff_cuts") for line in listed)
    assert any(line.startswith("- [position] europe on car_tariffs: split from") for line in listed)
    assert any(line.startswith("- [position] us on car_tariffs: moved whole") for line in listed)
    assert any(line.startswith("- [red line] us on car_tariffs: drafted at 50") for line in listed)
    assert not [line for line in listed if " us on tariff_cuts" in line]  # they followed it
    assert after.position("china", "tariff_cuts") == before.position("china", "tariff_cuts")


@pytest.mark.parametrize(
    ("new_id", "chosen", "code"),
    [
        ("trade_quotas", [("us", 0)], "DT704"),  # the id is taken
        ("Car Tariffs", [("us", 0)], "DT704"),  # not a slug
        ("car_tariffs", [], "DT704"),  # nothing chosen
        ("car_tariffs", [("us", 7)], "DT704"),  # no such span
        ("car_tariffs", [("india", 0)], "DT704"),  # india holds no position there
    ],
)
def test_a_split_that_cannot_be_made_is_refused_and_changes_nothing(
    draft: Path, new_id: str, chosen: list[tuple[str, int]], code: str
) -> None:
    before = draft.read_text(encoding="utf-8")
    with pytest.raises(DetenteError) as error:
        _save(draft, lambda d, s: split_issue(d, s, "tariff_cuts", new_id, "Car tariffs", chosen))
    assert error.value.code == code
    assert draft.read_text(encoding="utf-8") == before


def test_split_actor_moves_aliases_and_evidence_to_a_new_party(draft: Path) -> None:
    before = load_scenario(draft)
    europe = before.position("europe", "tariff_cuts")
    assert europe is not None
    britain = ["United Kingdom", "UK", "U.K."]
    note = _save(
        draft,
        lambda d, s: split_actor(
            d, s, "europe", "uk", "United Kingdom", [("tariff_cuts", 0)], britain
        ),
    )
    assert note == (
        "party europe split: uk (United Kingdom) takes 1 evidence span(s) of tariff_cuts "
        "and 3 alias(es)"
    )
    after = load_scenario(draft)
    assert [a.id for a in after.actors][:4] == ["us", "china", "europe", "uk"]
    uk, rest = after.actor("uk"), after.actor("europe")
    assert list(uk.aliases) == britain and not set(britain) & set(rest.aliases)
    assert "European Union" in rest.aliases
    twin = after.position("uk", "tariff_cuts")
    assert twin is not None and twin.evidence == europe.evidence[:1]
    assert twin.position == europe.position
    kept = after.position("europe", "tariff_cuts")
    assert kept is not None and kept.evidence == europe.evidence[1:]
    text = draft.read_text(encoding="utf-8")
    assert "# REVIEW: split from europe: set this party's clout" in text
    assert any(line.startswith("- [party] uk: split from europe") for line in _listed(draft))
    with pytest.raises(DetenteError) as error:
        _save(draft, lambda d, s: split_actor(d, s, "china", "hk", "Hong Kong", [], ["Hong Kong"]))
    assert error.value.code == "DT704"
