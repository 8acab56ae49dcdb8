"""The error-code registry: every code raised is registered, every registered code is raised."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from detente.errors import ERROR_CODES, MESSAGES, DetenteError, DetenteErrors

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"
CODE = re.compile(r"\bDT\d{3}\b")


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.name != "errors.py":
            found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_used_in_the_source_is_registered() -> None:
    assert _codes_in_source() - ERROR_CODES.keys() == set()


def test_every_registered_code_is_used_somewhere() -> None:
    assert ERROR_CODES.keys() - _codes_in_source() == set()


def test_codes_sit_in_their_range_block_and_are_unique_in_meaning() -> None:
    assert all(CODE.fullmatch(code) for code in ERROR_CODES)
    assert len(set(ERROR_CODES.values())) == len(ERROR_CODES)


def test_message_format_names_code_location_and_hint() -> None:
    error = DetenteError("DT111", "salience -5 is negative", location="s.yaml:3:14", hint="0–100")
    assert str(error) == "[DT111] s.yaml:3:14: salience -5 is negative (0–100)"


def test_unregistered_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unregistered"):
        DetenteError("DT000", "nope")


def test_several_errors_print_one_per_line() -> None:
    errors = [
        DetenteError("DT108", "a", location="f:1:1"),
        DetenteError("DT111", "b", location="f:2:1"),
    ]
    assert str(DetenteErrors(errors)).splitlines() == ["[DT108] f:1:1: a", "[DT111] f:2:1: b"]


# ------------------------------------------------------------------ message templates

TEMPLATE_KEY = re.compile(r"DT\d{3}(?:\.\w+)?")
IO = SRC / "io"


def _template_calls() -> list[tuple[str, str, set[str]]]:
    """Every call in the source naming a template by a literal key: ``of("DT104", size=...)``,
    and the decide collector's ``problems.add(line, "DT205", tag=...)``: (where, key, fields)."""
    calls = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr not in {"of", "at", "add"}:
                continue
            keys = [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and TEMPLATE_KEY.fullmatch(arg.value)
            ]
            if not keys or any(kw.arg is None for kw in node.keywords):
                continue  # a key computed at run time, or **fields: exercised by the input tests
            fields = {kw.arg for kw in node.keywords if kw.arg not in {"location", "hint"}}
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            calls.append((where, keys[0], {f for f in fields if f is not None}))
    return calls


def test_every_code_says_what_it_is_raised_for() -> None:
    assert all(description.strip() for description in ERROR_CODES.values())


def test_every_template_belongs_to_a_registered_code() -> None:
    for key in MESSAGES:
        assert TEMPLATE_KEY.fullmatch(key), key
        assert key.split(".")[0] in ERROR_CODES, key


def test_scenario_codes_and_every_code_raised_in_io_have_a_template() -> None:
    with_template = {key.split(".")[0] for key in MESSAGES}
    scenario_codes = {code for code in ERROR_CODES if code[2] in "12"}
    io_codes = {c for p in IO.rglob("*.py") for c in CODE.findall(p.read_text(encoding="utf-8"))}
    assert scenario_codes - with_template == set()
    assert io_codes - with_template == set()


def test_every_template_fills_from_sample_fields() -> None:
    for key, template in MESSAGES.items():
        error = DetenteError.of(key, location="f.yaml:1:1", **dict.fromkeys(template.fields(), 7))
        assert error.code == key.split(".")[0]
        assert "{" not in error.message and "{" not in (error.hint or ""), key
        assert str(error).startswith(f"[{error.code}] f.yaml:1:1: "), key


def test_every_literal_raise_site_fills_exactly_its_placeholders() -> None:
    calls = _template_calls()
    assert len(calls) > 60  # the io raise sites, found by the walk
    for where, key, fields in calls:
        assert key in MESSAGES, f"{where}: no template {key}"
        assert fields == MESSAGES[key].fields(), f"{where}: {key} takes {MESSAGES[key].fields()}"


def test_every_template_is_used_and_io_builds_no_message_by_hand() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "errors.py"
    )
    used = set(re.findall(r"[\"'](DT\d{3}(?:\.\w+)?)[\"']", source))
    assert MESSAGES.keys() - used == set()
    by_hand = [
        f"{p.relative_to(SRC)}:{n}"
        for p in IO.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if "DetenteError(" in line
    ]
    assert by_hand == []


def test_a_template_refuses_missing_or_unknown_fields() -> None:
    with pytest.raises(ValueError, match=r"DT104 takes the fields \['limit', 'size'\]"):
        DetenteError.of("DT104", size=10)
    with pytest.raises(ValueError, match="DT104 takes"):
        DetenteError.of("DT104", size=10, limit=5, extra=1)
    with pytest.raises(ValueError, match="no message template"):
        DetenteError.of("DT104.nope")


def test_a_template_fills_text_and_hint_and_a_raise_site_may_replace_the_hint() -> None:
    error = DetenteError.of("DT104", location="big.yaml", size=12, limit=10)
    assert str(error) == (
        "[DT104] big.yaml: file is 12 bytes, more than the limit of 10 "
        "(split the scenario or raise the limit)"
    )
    assert DetenteError.of("DT108", path="actors[0]", field="name").hint == "add `name:`"
    assert DetenteError.of("DT109", hint="did you mean `name`?", path="a", field="nme").hint == (
        "did you mean `name`?"
    )


def test_joined_problems_keep_the_first_code_place_and_hint() -> None:
    first = DetenteError.of("DT206.actor", location="d.txt:4", actor="x")
    second = DetenteError.of("DT203.salience_1", location="d.txt:4", value="2")
    joined = DetenteError.joined([first, second])
    assert (joined.code, joined.location, joined.hint) == ("DT206", "d.txt:4", "declare it with #A")
    assert joined.message == "unknown actor 'x'; salience 2 is outside [0, 1]"
