"""The error-code registry: every code raised is registered, every registered code is raised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.errors import ERROR_CODES, DetenteError, DetenteErrors

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
