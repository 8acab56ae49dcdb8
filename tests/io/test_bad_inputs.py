"""The catalogue of bad inputs: each case must fail with its code AND its location, both
through the library and through ``detente validate`` (exit status 2, no traceback)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import DetenteError
from detente.io import load_scenario

BASE = """\
schema_version: 1
title: Harbour talks
sources:
  - {id: memo.txt}
actors:
  - id: port
    name: Port authority
    capability: 40
  - id: union
    name: Dockers' union
issues:
  - id: wages
    name: Wages
    proposition: Wages rise by ten percent
    anchors: {0: no rise, 100: full rise}
positions:
  - actor: port
    issue: wages
    position: 20
    salience: 70
    evidence:
      - {doc: memo.txt, start: 0, end: 12}
  - actor: union
    issue: wages
    position: 100
    salience: 90
"""


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


@dataclass(frozen=True)
class Case:
    name: str
    content: str | bytes
    code: str
    where: str  # "line:col", "line", or "" for the file itself
    suffix: str = ".yaml"
    message: str = ""  # a fragment the message must contain


KTAB_OK = (
    "Harbour,Two dimensions,2,2,\n"
    "Actor,Description,Influence,Wage Position,Wage Salience,Hours Position,Hours Salience,\n"
    "Port,The port,40,20,60,50,40,\n"
    "Union,The union,30,100,70,10,30,\n"
)
DECIDE_OK = (
    "#A\tport\tPort\n#A\tunion\tUnion\n#P\twages\tWages\tWage rise\n"
    "#M\twages\t0\n#M\twages\t10\n"
    "#D\tport\twages\t2\t0.7\t0.4\n#D\tunion\twages\t10\t0.9\t0.3\n"
)
TABLE_OK = "Actor,Capability,Position,Salience\nPort,0.4,4,80\nUnion,0.6,10,60\n"

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(6)
)

CASES = [
    Case(
        "yaml-unclosed-flow", edit("{0: no rise, 100: full rise}", "{0: no rise"), "DT101", "16:10"
    ),
    Case("yaml-bad-indent", edit("    name: Wages\n", "   name: Wages\n"), "DT101", "13:4"),
    Case(
        "yaml-duplicate-key",
        edit("    capability: 40\n", "    capability: 40\n    capability: 50\n"),
        "DT101",
        "9:5",
        message="duplicate key",
    ),
    Case("empty-file", "", "DT102", "1:1"),
    Case("only-comments", "# nothing here\n# still nothing\n", "DT102", "1:1"),
    Case(
        "not-utf8",
        BASE.encode().replace(b"Harbour", b"Harb\xe9ur"),
        "DT103",
        "2:12",
        message="byte offset 29",
    ),
    Case("alias-bomb", BOMB, "DT105", "2:8", message="expand"),
    Case("list-document", "- id: port\n- id: union\n", "DT106", "1:1"),
    Case("scalar-document", "just a sentence\n", "DT106", "1:1"),
    Case("schema-version-2", edit("schema_version: 1", "schema_version: 2"), "DT107", "1:17"),
    Case("schema-version-text", edit("schema_version: 1", "schema_version: one"), "DT107", "1:17"),
    Case("missing-title", edit("title: Harbour talks\n", ""), "DT108", "1:1", message="title"),
    Case("missing-actor-name", edit("    name: Dockers' union\n", ""), "DT108", "9:5"),
    Case("missing-salience", edit("    salience: 90\n", ""), "DT108", "23:5", message="salience"),
    Case(
        "unknown-top-field",
        edit("title: Harbour talks\n", "title: Harbour talks\ncolour: red\n"),
        "DT109",
        "3:1",
    ),
    Case(
        "unknown-position-field",
        edit("    salience: 70\n", "    salince: 70\n"),
        "DT109",
        "20:5",
        message="salince",
    ),
    Case("salience-not-number", edit("salience: 70", "salience: high"), "DT110", "20:15"),
    Case(
        "as-of-not-date",
        edit("title: Harbour talks\n", "title: Harbour talks\nas_of: soon\n"),
        "DT110",
        "3:8",
    ),
    Case("position-over-100", edit("position: 20", "position: 120"), "DT111", "19:15"),
    Case("negative-salience", edit("salience: 90", "salience: -5"), "DT111", "26:15"),
    Case("negative-capability", edit("capability: 40", "capability: -40"), "DT111", "8:17"),
    Case(
        "confidence-over-1",
        edit("    salience: 70\n", "    salience: 70\n    confidence: 1.5\n"),
        "DT111",
        "21:17",
    ),
    Case("duplicate-actor-id", edit("  - id: union", "  - id: port"), "DT112", "9:9"),
    Case(
        "duplicate-source-id",
        edit("  - {id: memo.txt}", "  - {id: memo.txt}\n  - {id: memo.txt}"),
        "DT112",
        "5:10",
    ),
    Case(
        "unknown-actor",
        edit("  - actor: union", "  - actor: unoin"),
        "DT113",
        "23:12",
        message="did you mean 'union'",
    ),
    Case(
        "unknown-issue",
        edit("    issue: wages\n    position: 100", "    issue: hours\n    position: 100"),
        "DT113",
        "24:12",
    ),
    Case("evidence-unknown-doc", edit("{doc: memo.txt,", "{doc: other.txt,"), "DT113", "22:15"),
    Case("bad-slug", edit("  - id: port\n", "  - id: Port Authority\n"), "DT114", "6:9"),
    Case(
        "evidence-end-before-start", edit("start: 0, end: 12", "start: 12, end: 3"), "DT115", "22:9"
    ),
    Case("duplicate-position", edit("  - actor: union", "  - actor: port"), "DT116", "23:5"),
    Case(
        "no-actors",
        "title: Empty\nactors: []\nissues:\n  - {id: wages, name: Wages, proposition: Rise}\n",
        "DT119",
        "2:9",
    ),
    Case("anchor-off-axis", edit("100: full rise", "150: full rise"), "DT119", "15:14"),
    Case("json-empty", "  \n", "DT102", "1:1", suffix=".json"),
    Case("json-duplicate-key", '{"title": "x",\n "title": "y"}', "DT101", "2:2", suffix=".json"),
    Case("json-syntax", '{"title": "x",, }', "DT101", "1:15", suffix=".json"),
    Case(
        "json-range",
        '{"title": "x",\n "actors": [{"id": "a", "name": "A", "capability": -1}],\n'
        '\t"issues": [{"id": "i", "name": "I", "proposition": "p"}]}',
        "DT111",
        "2:52",
        suffix=".json",
    ),
    Case("unsupported-suffix", "title: x\n", "DT118", "", suffix=".docx"),
    Case(
        "ktab-line1",
        "Harbour,Two dimensions,two,2,\n" + KTAB_OK.split("\n", 1)[1],
        "DT201",
        "1",
        suffix=".csv",
    ),
    Case(
        "ktab-header-columns",
        KTAB_OK.replace("Hours Position,Hours Salience,", ""),
        "DT204",
        "2",
        suffix=".csv",
    ),
    Case(
        "ktab-not-number",
        KTAB_OK.replace("Union,The union,30,", "Union,The union,lots,"),
        "DT202",
        "4",
        suffix=".csv",
    ),
    Case(
        "ktab-salience-sum",
        KTAB_OK.replace("100,70,10,30", "100,80,10,30"),
        "DT203",
        "4",
        suffix=".csv",
        message="sum",
    ),
    Case(
        "ktab-count",
        KTAB_OK.replace("Harbour,Two dimensions,2,", "Harbour,Two dimensions,3,"),
        "DT204",
        "1",
        suffix=".csv",
    ),
    Case(
        "decide-directive", DECIDE_OK.replace("#P\twages", "#Q\twages"), "DT205", "3", suffix=".txt"
    ),
    Case(
        "decide-unknown-actor",
        DECIDE_OK.replace("#D\tunion", "#D\tunoin"),
        "DT206",
        "7",
        suffix=".txt",
    ),
    Case(
        "decide-out-of-scale",
        DECIDE_OK.replace("wages\t2\t", "wages\t12\t"),
        "DT203",
        "6",
        suffix=".txt",
    ),
    Case("decide-twice", DECIDE_OK + "#D\tport\twages\t3\t0.7\t0.4\n", "DT207", "8", suffix=".txt"),
    Case(
        "decide-power-differs",
        DECIDE_OK.replace("#P\twages", "#P\thours\tHours\n#P\twages")
        + "#D\tport\thours\t30\t0.5\t0.9\n",
        "DT208",
        "9",
        suffix=".txt",
    ),
    Case("table-salience", TABLE_OK.replace("10,60", "10,160"), "DT203", "3", suffix=".csv"),
    Case(
        "table-not-number", TABLE_OK.replace("Port,0.4,", "Port,much,"), "DT202", "2", suffix=".csv"
    ),
    # Found by probing from outside (issue #17): each was a traceback with exit 1.
    Case(
        "yaml-4301-digit-int", edit("capability: 40", "capability: " + "9" * 4301), "DT121", "8:17"
    ),
    Case(
        "json-4301-digit-int",
        '{"title": "t", "n": ' + "7" * 4301 + "}",
        "DT121",
        "1:21",
        suffix=".json",
    ),
    Case("yaml-nested-250-deep", BASE + "x: " + "[" * 250 + "]" * 250 + "\n", "DT120", "27:36"),
    Case(
        "json-nested-250-deep",
        '{"title": ' + "[" * 250 + "]" * 250 + "}",
        "DT120",
        "1:42",
        suffix=".json",
    ),
    Case(
        "yaml-impossible-date",
        edit("title: Harbour talks", "title: Harbour talks\nas_of: 2025-13-45"),
        "DT119",
        "3:8",
        message="2025-13-45 is not a calendar date",
    ),
    Case(
        "yaml-top-level-merge-key",
        "<<: {title: t}\n" + BASE.replace("title: Harbour talks\n", ""),
        "DT122",
        "1:1",
    ),
    Case(
        "yaml-infinite-capability",
        edit("capability: 40", "capability: .inf"),
        "DT119",
        "8:17",
        message="finite",
    ),
    Case(
        "ktab-empty-dimension-name",
        KTAB_OK.replace("Wage Position", ""),
        "DT201",
        "2",
        suffix=".csv",
        message="no name",
    ),
    Case(
        "ktab-cell-over-csv-limit",
        KTAB_OK.replace("The port", "p" * 140_000),
        "DT202",
        "3",
        suffix=".csv",
    ),
    Case(
        "table-cell-over-csv-limit",
        TABLE_OK.replace("Port,", "P" * 140_000 + ","),
        "DT202",
        "2",
        suffix=".csv",
    ),
    # Each of these took 20 s to minutes of CPU in the YAML reader while under the size limit.
    Case(
        "yaml-5MiB-comment-padded",
        ("# " + "x" * 70 + "\n") * 71_000 + BASE,
        "DT123",
        "",
        message="71,026 lines",
    ),
    Case("yaml-2.6M-comment-lines", "#\n" * 2_600_000 + BASE, "DT123", "", message="lines"),
    Case(
        "json-flat-list-of-a-million",
        '{"title": "t", "x": [' + "1," * 1_000_000 + "1]}",
        "DT123",
        "",
        suffix=".json",
        message="1,000,001 in-line entries",
    ),
    # Finite but overflowing: Monte Carlo draws of capability 1e308 became inf and crashed the
    # weighted median; decide bounds of ±1e308 spanned inf and put every position at 0.
    Case(
        "yaml-capability-1e308",
        edit("capability: 40", "capability: 1e308"),
        "DT111",
        "8:17",
        message="up to 1e15",
    ),
    Case(
        "decide-bound-1e308",
        DECIDE_OK.replace("#M\twages\t10", "#M\twages\t1e308"),
        "DT203",
        "5",
        suffix=".txt",
        message="beyond ±1e+15",
    ),
    Case(
        "table-position-1.7e308",
        TABLE_OK.replace("Port,0.4,4,", "Port,0.4,1.7e308,"),
        "DT203",
        "2",
        suffix=".csv",
    ),
]


def _write(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / f"scenario{case.suffix}"
    if isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8")
    return path


def _expected_location(path: Path, case: Case) -> str:
    return f"{path}:{case.where}" if case.where else str(path)


def _all(error: DetenteError) -> list[DetenteError]:
    return list(getattr(error, "errors", [error]))


def test_catalogue_is_large_and_distinct() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 25
    assert len({c.content for c in CASES}) == len(CASES)
    assert len({c.code for c in CASES}) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_coded_and_located(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case)
    with pytest.raises(DetenteError) as raised:
        load_scenario(path)
    found = [(e.code, e.location) for e in _all(raised.value)]
    assert (case.code, _expected_location(path, case)) in found, str(raised.value)
    assert case.message in str(raised.value)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_validate_exits_2_without_traceback(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"[{case.code}] {_expected_location(path, case)}: " in result.output


def test_a_reused_anchor_loads_without_an_uncoded_warning(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(edit("title: Harbour talks", "title: &t Harbour talks\ndescription: &t d"))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "Warning" not in result.output


def test_terminal_escapes_in_a_key_are_not_printed_raw(tmp_path: Path) -> None:
    path = tmp_path / "escape.yaml"
    path.write_text(BASE + '"\\e[2J\\e[31mred": 1\n')
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "\\x1b[2J" in result.output  # shown as an escape, visibly


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(BASE + "# " + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(DetenteError) as raised:
        load_scenario(path)
    assert raised.value.code == "DT104"
    assert raised.value.location == str(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "[DT104]" in result.output


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"[DT117] {path}: " in result.output


def test_every_error_of_a_file_is_reported(tmp_path: Path) -> None:
    text = (
        edit("capability: 40", "capability: -40")
        .replace("  - actor: union", "  - actor: unoin")
        .replace("salience: 70", "salience: 170")
    )
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DetenteError) as raised:
        load_scenario(path)
    assert [(e.code, e.location) for e in _all(raised.value)] == [
        ("DT111", f"{path}:8:17"),
        ("DT111", f"{path}:20:15"),
        ("DT113", f"{path}:23:12"),
    ]


def test_the_base_case_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(BASE, encoding="utf-8")
    scenario = load_scenario(path)
    assert [a.id for a in scenario.actors] == ["port", "union"]
    for suffix, text in ((".csv", KTAB_OK), (".txt", DECIDE_OK)):
        other = tmp_path / f"ok{suffix}"
        other.write_text(text, encoding="utf-8")
        assert [a.name for a in load_scenario(other).actors] == ["Port", "Union"]
    table = tmp_path / "table.csv"
    table.write_text(TABLE_OK, encoding="utf-8")
    assert len(load_scenario(table).positions) == 2
