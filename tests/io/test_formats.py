"""Import and export of KTAB, decide, actor tables, JSON and tidy CSV; the reference files in
``../shared/data`` (skipped when absent) import and round-trip to the same numbers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from detente.domain import Actor, Issue, Position, Scenario
from detente.errors import DetenteError
from detente.io import (
    FORMATS,
    load_scenario,
    original_scale,
    output_format,
    read_formats,
    save_scenario,
    sniff_format,
    to_original,
    write_formats,
)
from detente.io.decide import dump_decide, parse_decide
from detente.io.export import scenario_to_csv_tables
from detente.io.ktab import dump_ktab, parse_ktab
from detente.io.schema import scenario_json_schema_text
from detente.io.summary import dropped_in

REPO_ROOT = Path(__file__).resolve().parents[2]
KTAB_FILES = [
    "SOE-Competitive.csv",
    "SOE-Pol-Comp.csv",
    "SOE-Policy.csv",
    "dummyData-a040.csv",
    "dummyData-a080.csv",
    "dummyData-a160.csv",
    "dummyData_3Dim.csv",
    "dummyData_6Dim.csv",
]
DECIDE_FILES = ["cop21.csv", "copenhagen.csv", "sample_data.txt"]


def _ktab_numbers(text: str) -> list[list[float]]:
    """Every actor row's numbers (power, then position/salience pairs), read independently."""
    rows = list(csv.reader(text.splitlines()[2:], skipinitialspace=True))
    return [[float(cell) for cell in row[2:] if cell.strip()] for row in rows if any(row)]


def _decide_rows(text: str) -> dict[tuple[str, str], tuple[float, float, float]]:
    rows = {}
    for line in text.splitlines():
        cells = [c.strip().strip("'") for c in line.split("\t")]
        if cells[0] == "#D":
            rows[(cells[1], cells[2])] = (float(cells[3]), float(cells[4]), float(cells[5]))
    return rows


def test_every_ktab_input_is_in_the_list(shared_dir: Path) -> None:
    present = sorted(p.name for p in (shared_dir / "data" / "ktab" / "inputs").glob("*.csv"))
    assert present == sorted(KTAB_FILES)


@pytest.mark.parametrize("name", KTAB_FILES)
def test_ktab_imports_and_exports_the_same_numbers(shared_dir: Path, name: str) -> None:
    path = shared_dir / "data" / "ktab" / "inputs" / name
    original = path.read_text(encoding="utf-8")
    scenario = load_scenario(path)
    assert sniff_format(path) == "ktab"
    meta = next(csv.reader([original.splitlines()[0]], skipinitialspace=True))
    assert len(scenario.actors) == int(meta[2])
    assert len(scenario.issues) == int(meta[3])
    assert len(scenario.positions) == len(scenario.actors) * len(scenario.issues)
    exported = dump_ktab(scenario)
    assert _ktab_numbers(exported) == _ktab_numbers(original)
    again = parse_ktab(exported, "again.csv")
    assert again == scenario


def test_ktab_capability_is_power_and_ids_are_slugs(shared_dir: Path) -> None:
    scenario = load_scenario(shared_dir / "data" / "ktab" / "inputs" / "SOE-Pol-Comp.csv")
    xi = scenario.actor("xj")
    assert (xi.name, xi.description, xi.capability) == ("XJ", "Xi Jinping", 100.0)
    assert [i.id for i in scenario.issues] == ["policy", "competitive"]
    position = scenario.position("xj", "competitive")
    assert position is not None and (position.position, position.salience) == (20.0, 48.0)


@pytest.mark.parametrize("name", DECIDE_FILES)
def test_decide_imports_and_exports_the_same_numbers(shared_dir: Path, name: str) -> None:
    path = shared_dir / "data" / "decide" / "inputs" / name
    scenario = load_scenario(path)
    assert sniff_format(path) == "decide"
    original = _decide_rows(path.read_text(encoding="utf-8"))
    assert len(scenario.positions) == len(original)
    exported = _decide_rows(dump_decide(scenario))
    assert exported.keys() == original.keys()
    for key, numbers in original.items():
        assert exported[key] == numbers, key
    assert parse_decide(dump_decide(scenario), name) == scenario


def test_decide_scale_is_mapped_onto_the_axis_and_kept(shared_dir: Path) -> None:
    scenario = load_scenario(shared_dir / "data" / "decide" / "inputs" / "sample_data.txt")
    toll = scenario.issue("tol_hoogte")
    assert original_scale(toll) == (0.5, 7.0)
    position = scenario.position("willems", "tol_hoogte")  # 3.0 on the 0.5..7 scale, salience 0.7
    assert position is not None
    assert position.position == pytest.approx((3.0 - 0.5) / 6.5 * 100)
    assert position.salience == pytest.approx(70.0)
    assert to_original(toll, position.position) == pytest.approx(3.0)
    assert scenario.actor("gl").capability == pytest.approx(0.6)


def test_decide_file_with_errors_names_every_bad_line(shared_dir: Path) -> None:
    path = shared_dir / "data" / "decide" / "inputs" / "copenhagen_with_errors.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(DetenteError) as raised:
        load_scenario(path)
    errors = getattr(raised.value, "errors", [raised.value])
    lines = {int((e.location or "").rsplit(":", 1)[1]) for e in errors}
    assert lines == {86, 87}
    assert "\t160\t" in text[85] and "\t-0.247" in text[86]
    assert {e.code for e in errors} == {"DT203"}


def test_eu_table_keeps_the_year_scale(shared_dir: Path) -> None:
    scenario = load_scenario(shared_dir / "data" / "eu-emissions" / "ExampleActors.csv")
    assert sniff_format(shared_dir / "data" / "eu-emissions" / "ExampleActors.csv") == "table"
    (issue,) = scenario.issues
    assert original_scale(issue) == (4.0, 10.0)
    weights = [scenario.actor(p.actor).capability * p.salience for p in scenario.positions]
    mean = sum(w * p.position for w, p in zip(weights, scenario.positions, strict=True)) / sum(
        weights
    )
    assert round(to_original(issue, mean), 3) == 7.390
    assert scenario.actor("uk").capability == pytest.approx(0.16)


def _small() -> Scenario:
    return Scenario(
        title="Fjord fishing talks",
        actors=(
            Actor(id="norway", name="Norge", capability=3, aliases=("Oslo",)),
            Actor(id="iceland", name="Ísland", capability=1),
        ),
        issues=(
            Issue(
                id="quota", name="Quota", proposition="Quota rises", anchors={0: "cut", 100: "x2"}
            ),
            Issue(id="season", name="Season", proposition="Season lengthens"),
        ),
        positions=(
            Position(actor="norway", issue="quota", position=30, salience=60, red_line=50),
            Position(actor="iceland", issue="quota", position=80, salience=40),
            Position(actor="norway", issue="season", position=10.5, salience=40),
            Position(actor="iceland", issue="season", position=90, salience=60),
        ),
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_yaml_and_json_round_trip(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"fjord.{fmt}"
    save_scenario(_small(), path)
    assert load_scenario(path) == _small()


def _cells(scenario: Scenario) -> dict[tuple[str, str], tuple[float, float]]:
    return {(p.actor, p.issue): (p.position, p.salience) for p in scenario.positions}


def test_ktab_and_decide_round_trip_numbers_of_a_scenario(tmp_path: Path) -> None:
    for fmt, suffix in (("ktab", ".csv"), ("decide", ".txt")):
        path = tmp_path / f"fjord{suffix}"
        save_scenario(_small(), path, to=fmt)
        back = load_scenario(path)
        assert _cells(back) == _cells(_small()), fmt  # ids survive: written where names differ
        assert [a.capability for a in back.actors] == [3.0, 1.0]


def test_ktab_export_needs_every_cell(tmp_path: Path) -> None:
    partial = _small().model_copy(update={"positions": _small().positions[:3]})
    with pytest.raises(DetenteError) as raised:
        save_scenario(partial, tmp_path / "out.csv", to="ktab")
    assert raised.value.code == "DT209"
    assert not (tmp_path / "out.csv").exists()


def test_tidy_csv_tables(tmp_path: Path) -> None:
    save_scenario(_small(), tmp_path / "tables", to="csv-dir")
    names = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert names == ["actors.csv", "issues.csv", "positions.csv"]
    actors = list(csv.DictReader((tmp_path / "tables" / "actors.csv").open(encoding="utf-8")))
    assert [(a["id"], a["name"], a["capability"]) for a in actors] == [
        ("norway", "Norge", "3"),
        ("iceland", "Ísland", "1"),
    ]
    positions = list(csv.DictReader((tmp_path / "tables" / "positions.csv").open()))
    assert [(p["actor"], p["issue"], p["position"], p["red_line"]) for p in positions] == [
        ("norway", "quota", "30", "50"),
        ("iceland", "quota", "80", ""),
        ("norway", "season", "10.5", ""),
        ("iceland", "season", "90", ""),
    ]
    assert scenario_to_csv_tables(_small()) == scenario_to_csv_tables(_small())


def test_unsupported_format_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "scenario.xml"
    odd.write_text("<scenario/>", encoding="utf-8")
    with pytest.raises(DetenteError) as raised:
        load_scenario(odd)
    assert raised.value.code == "DT118"
    with pytest.raises(DetenteError) as raised:
        load_scenario(tmp_path / "absent.yaml")
    assert raised.value.code == "DT117"
    with pytest.raises(DetenteError) as raised:
        save_scenario(_small(), tmp_path / "out.xml")
    assert raised.value.code == "DT118"


def test_committed_json_schema_is_current() -> None:
    committed = REPO_ROOT / "schemas" / "scenario.v1.json"
    assert committed.read_text(encoding="utf-8") == scenario_json_schema_text(), (
        "regenerate with: detente schema > schemas/scenario.v1.json"
    )
    schema = json.loads(committed.read_text(encoding="utf-8"))
    assert schema["$defs"]["Position"]["properties"]["salience"]["maximum"] == 100
    assert set(schema["required"]) == {"title", "actors", "issues"}


def test_original_scales_survive_a_yaml_round_trip(shared_dir: Path, tmp_path: Path) -> None:
    sample = shared_dir / "data" / "decide" / "inputs" / "sample_data.txt"
    via_yaml = tmp_path / "sample.yaml"
    save_scenario(load_scenario(sample), via_yaml)
    exported = _decide_rows(dump_decide(load_scenario(via_yaml)))
    assert exported == _decide_rows(sample.read_text(encoding="utf-8"))
    table = tmp_path / "eu.yaml"
    save_scenario(load_scenario(shared_dir / "data" / "eu-emissions" / "ExampleActors.csv"), table)
    assert original_scale(load_scenario(table).issues[0]) == (4.0, 10.0)


# ------------------------------------------------------------------ the format registry


@pytest.mark.parametrize(
    ("name", "first_line", "expected"),
    [
        ("d.csv", "#A\tport\tPort", "decide"),
        ("d.tsv", "'#O'\t'title'", "decide"),
        ("t.csv", "Actor, Capability, Position, Salience", "table"),
        ("t.txt", "actor,capability,position,salience,extra", "table"),
        ("k.csv", "demo,,2,1,", "ktab"),
        ("s.yml", "title: x", "yaml"),
    ],
)
def test_sniffing_follows_the_registry_order(
    tmp_path: Path, name: str, first_line: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(f"\n{first_line}\nrest\n")
    assert sniff_format(path) == expected


def test_a_text_no_format_claims_is_dt118(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(DetenteError) as raised:
        load_scenario(path)
    assert raised.value.code == "DT118" and "KTAB (.csv)" in (raised.value.hint or "")


def test_ktab_comes_after_the_formats_that_recognise_their_first_line() -> None:
    order = list(FORMATS)
    assert order.index("ktab") > max(order.index("decide"), order.index("table"))
    assert read_formats() == ("yaml", "json", "decide", "table", "ktab")
    assert write_formats() == ("yaml", "json", "decide", "ktab", "csv-dir")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("a.yaml", "yaml"),
        ("a.YML", "yaml"),
        ("a.json", "json"),
        ("a.csv", "ktab"),
        ("a.txt", "decide"),
        ("folder", "csv-dir"),
    ],
)
def test_the_output_suffix_picks_the_writer(target: str, expected: str) -> None:
    assert output_format(target) == expected


def test_an_output_suffix_no_format_writes_is_dt118(tmp_path: Path) -> None:
    with pytest.raises(DetenteError) as raised:
        output_format(tmp_path / "out.tsv")
    assert raised.value.code == "DT118"
    assert raised.value.hint == "pass --to yaml|json|decide|ktab|csv-dir"


def test_lossy_formats_report_what_they_drop() -> None:
    scenario = _small()
    lossy = {name for name, entry in FORMATS.items() if entry.lossy}
    assert lossy == {"ktab", "decide"}
    assert dropped_in(scenario, "ktab") == {"red lines": 1}
    assert dropped_in(scenario, "yaml") == {}
