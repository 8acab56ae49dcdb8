"""Editing a scenario YAML keeps its comments, key order and untouched lines."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.io import load_scenario, save_scenario
from detente.io.scenario_yaml import (
    dump_document,
    load_document,
    save_document,
    update_entry,
    update_position,
)

COMMENTED = """\
# Harbour talks, as the analyst left them.
schema_version: 1
title: Harbour talks   # working title
actors:
  - id: port        # the port authority
    name: Port authority
    capability: 40
  - id: union
    name: Dockers' union
issues:
  # wages first: it is the issue both sides talk about
  - id: wages
    name: Wages
    proposition: Wages rise by ten percent
    anchors: {0: no rise, 100: full rise}
positions:
  - issue: wages     # key order differs from the usual on purpose
    actor: port
    salience: 70
    position: 20
"""


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_appending_to_a_section_keeps_the_comment_before_the_next(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    document, _ = load_document(path)
    document["actors"].append({"id": "city", "name": "City council"})
    save_document(document, path)
    assert _diff(COMMENTED, path.read_text(encoding="utf-8")) == [
        "+  - id: city",
        "+    name: City council",
    ]
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[after.index("  - id: city") + 2] == "issues:"


def test_unedited_document_dumps_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    document, _ = load_document(path)
    assert dump_document(document) == COMMENTED


def test_editing_positions_keeps_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    document, _ = load_document(path)
    update_position(document, "port", "wages", position=35, red_line=60)
    update_position(document, "union", "wages", position=100, salience=90)
    update_entry(document, "actors", "union", capability=25)
    scenario = save_document(document, path)
    after = path.read_text(encoding="utf-8")
    assert _diff(COMMENTED, after) == [
        "+    capability: 25",
        "-    position: 20",
        "+    position: 35",
        "+    red_line: 60",
        "+  - actor: union",
        "+    issue: wages",
        "+    position: 100",
        "+    salience: 90",
    ]
    assert "# wages first: it is the issue both sides talk about" in after
    assert "  - issue: wages     # key order differs from the usual on purpose" in after
    port = scenario.position("port", "wages")
    assert port is not None and (port.position, port.red_line) == (35, 60)
    assert load_scenario(path) == scenario


def test_removing_a_field_with_none(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    document, _ = load_document(path)
    update_entry(document, "actors", "port", capability=None)
    scenario = save_document(document, path)
    assert scenario.actor("port").capability == 1.0
    assert "capability: 40" not in path.read_text(encoding="utf-8")


def test_invalid_edit_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    document, _ = load_document(path)
    update_position(document, "port", "wages", salience=140)
    with pytest.raises(DetenteError) as raised:
        save_document(document, path)
    assert raised.value.code == "DT111"
    assert path.read_text(encoding="utf-8") == COMMENTED
    with pytest.raises(KeyError):
        update_entry(document, "actors", "nobody", name="x")


def test_flagship_edit_changes_only_the_edited_lines(flagship_path: Path, tmp_path: Path) -> None:
    if not flagship_path.exists():
        pytest.skip("the flagship scenario is not written yet")
    original = flagship_path.read_text(encoding="utf-8")
    copy = tmp_path / "scenario.yaml"
    copy.write_text(original, encoding="utf-8")
    document, scenario = load_document(copy)
    first = scenario.positions[0]
    update_position(document, first.actor, first.issue, salience=first.salience / 2)
    edited = save_document(document, copy)
    changed = _diff(original, copy.read_text(encoding="utf-8"))
    assert changed == [
        f"-    salience: {first.salience:g}",
        f"+    salience: {first.salience / 2:g}",
    ]
    assert edited.positions[1:] == scenario.positions[1:]
    for suffix in (".json", ".yaml"):
        converted = tmp_path / f"flagship{suffix}"
        save_scenario(scenario, converted)
        assert load_scenario(converted) == scenario
